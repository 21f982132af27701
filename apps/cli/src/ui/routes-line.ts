/**
 * The page routes a provider tried (native's `Attempt.detail.routes`, one record per route:
 * route, label, url, status, bytes, held, note, ms) in one line for `-v` and `--compare`:
 * "mobile page: ok; www page (mobile): stub; desktop page: not found (HTTP 404)".
 */
import type { Attempt } from '@tiksaver/core';

interface RouteLike {
  label?: unknown;
  route?: unknown;
  held?: unknown;
  status?: unknown;
  note?: unknown;
}

const WORDS: Record<string, string> = {
  stub: 'stub',
  waf: 'bot challenge not passed',
  'not-found': 'not found',
  refused: 'refused',
  error: 'error',
  skipped: 'skipped',
};

function routeWord(route: RouteLike, isWinner: boolean): string {
  const held = String(route.held ?? '');
  const status = typeof route.status === 'number' && route.status !== 200 ? ` (HTTP ${route.status})` : '';
  if (held === 'data') return isWinner ? 'ok' : typeof route.note === 'string' ? route.note : 'data';
  if (held === 'skipped' && typeof route.note === 'string') return `skipped: ${route.note}`;
  return `${WORDS[held] ?? held}${status}`;
}

/** "mobile page: ok; desktop page: stub", or undefined when the attempt has no route detail. */
export function describeRoutes(attempt: Attempt): string | undefined {
  const routes = attempt.detail?.routes;
  if (!Array.isArray(routes) || routes.length === 0) return undefined;
  const list = routes as RouteLike[];
  return list
    .map((route, i) => `${String(route.label ?? route.route ?? '?')}: ${routeWord(route, attempt.outcome === 'ok' && i === list.length - 1 && route.held === 'data')}`)
    .join('; ');
}
