import { lazy, Suspense, useEffect, useRef, type MouseEvent } from 'react';
import { navigate, useRoute, type Route } from './lib/router.js';
import { Home } from './pages/Home.js';

// Secondary pages load on demand to keep the first load small.
const Compare = lazy(() => import('./pages/Compare.js').then((m) => ({ default: m.Compare })));
const Guide = lazy(() => import('./pages/Guide.js').then((m) => ({ default: m.Guide })));

const NAV: { to: Route; text: string }[] = [
  { to: '/', text: 'Save' },
  { to: '/compare', text: 'Compare' },
  { to: '/guide', text: 'Guide' },
];

function NotFound() {
  return (
    <section className="hero" data-testid="not-found">
      <h1>Page not found</h1>
      <p className="lead">
        There is nothing at this address. To save a story, <a href="/">paste its link on the first page</a>.
      </p>
    </section>
  );
}

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.title = { '/': 'tiksaver: save TikTok stories', '/compare': 'Compare providers · tiksaver', '/guide': 'Guide · tiksaver', 'not-found': 'Page not found · tiksaver' }[route];
    // Move focus to the new page for keyboard and screen-reader users (not on first load).
    if (!first.current) main.current?.focus();
    first.current = false;
  }, [route]);

  // Same-origin links to our pages navigate without a reload.
  const onClick = (event: MouseEvent) => {
    const anchor = (event.target as HTMLElement).closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.hasAttribute('download') || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    if (href.startsWith('#')) {
      // In-page targets (the skip link): move focus there, the address stays.
      event.preventDefault();
      document.getElementById(href.slice(1))?.focus();
      return;
    }
    const url = new URL(href, window.location.href);
    if (url.origin === window.location.origin && NAV.some((n) => n.to === url.pathname)) {
      event.preventDefault();
      navigate(url.pathname + url.search);
    }
  };

  return (
    <div className="app" onClick={onClick}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a href="/" className="brand" aria-label="tiksaver home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>tiksaver</span>
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a key={n.to} href={n.to} aria-current={route === n.to ? 'page' : undefined}>
              {n.text}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {route === '/' && <Home />}
          {route === '/compare' && <Compare />}
          {route === '/guide' && <Guide />}
          {route === 'not-found' && <NotFound />}
        </Suspense>
      </main>
      <footer className="bottom">
        <p>No ads, no tracking, no account. Public content only: tiksaver never gets around private accounts or logins.</p>
      </footer>
    </div>
  );
}
