/**
 * Download links carry a signed token that runs out (30 min by default, server/tokens.ts).
 * A page left open longer must not hand the browser a dead link (a silently cancelled
 * download), so a click on a link about to run out first asks the server for a fresh one
 * (POST /api/media/renew) and then starts the download with it.
 */
import type { MouseEvent, SyntheticEvent } from 'react';

const TOKEN = /\/api\/media\/([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/;
/** Renew a little early: the click, the request and the clocks all take some slack. */
const MARGIN_MS = 15_000;

/**
 * Server time minus this browser's time, from the Date header of an API answer: token
 * expiries are server time, and a phone's clock may be minutes off.
 */
let serverOffsetMs = 0;
export function noteServerDate(header: string | null): void {
  const server = header ? Date.parse(header) : Number.NaN;
  if (!Number.isNaN(server)) serverOffsetMs = server - Date.now();
}

/** Expiry (ms) from a media link's token, or undefined for other links. */
export function linkExpiry(href: string): number | undefined {
  const match = TOKEN.exec(href);
  if (!match) return undefined;
  try {
    const payload = JSON.parse(atob(match[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { x?: unknown };
    return typeof payload.x === 'number' ? payload.x * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export async function renewLink(href: string): Promise<string> {
  const match = TOKEN.exec(href);
  if (!match) return href;
  const token = `${match[1]}.${match[2]}`;
  const response = await fetch('/api/media/renew', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tokens: [token] }) });
  if (!response.ok) throw new Error(`renew: ${response.status}`);
  const { tokens } = (await response.json()) as { tokens: string[] };
  return href.replace(token, tokens[0]!);
}

/** A click handler (capture phase) for a result: stale download links are renewed first. */
export function freshDownloads(onStale: () => void) {
  return (event: MouseEvent) => {
    const anchor = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[download]');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.dataset.renewing) return;
    const expiry = linkExpiry(href);
    if (expiry === undefined || expiry - (Date.now() + serverOffsetMs) > MARGIN_MS) return;
    event.preventDefault();
    anchor.dataset.renewing = '1';
    renewLink(href)
      .then((fresh) => {
        anchor.setAttribute('href', fresh);
        anchor.click();
      })
      .catch(onStale)
      .finally(() => delete anchor.dataset.renewing);
  };
}

/** onError for players and images: a source whose link ran out gets a fresh one, once. */
export function renewOnError(event: SyntheticEvent<HTMLImageElement | HTMLMediaElement>): void {
  const element = event.currentTarget;
  const src = element.getAttribute('src');
  if (!src || element.dataset.renewed || linkExpiry(src) === undefined) return;
  element.dataset.renewed = '1';
  renewLink(src).then(
    (fresh) => element.setAttribute('src', fresh),
    () => undefined,
  );
}
