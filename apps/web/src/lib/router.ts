/** Three pages, plain history API: no router dependency for a handful of paths. */
import { useEffect, useState } from 'react';

export type Route = '/' | '/compare' | '/guide' | 'not-found';
// The server answers 404 for any other path (server/static-files.ts PAGES).
const ROUTES: Route[] = ['/', '/compare', '/guide'];

function current(): Route {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return (ROUTES as string[]).includes(path) ? (path as Route) : 'not-found';
}

/** Goes to a page; `to` may carry a query (e.g. /compare?link=...). */
export function navigate(to: string): void {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
