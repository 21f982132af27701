/**
 * The pasted link lives in the address bar (/?url=...), so reload, Back and sharing the
 * address show the same result. /?link= is read too, and the PWA share target's
 * /?text=&title=&url= (Android's "Share -> tiksaver") arrives the same way.
 */
export function linkFromAddress(search = window.location.search): string | undefined {
  const params = new URLSearchParams(search);
  const parts = ['url', 'link', 'text', 'title'].map((key) => params.get(key)?.trim()).filter((v): v is string => Boolean(v));
  return parts.length > 0 ? [...new Set(parts)].join(' ') : undefined;
}

/** Puts the link in the address: a new history entry for a new link, else in place. */
export function showLinkInAddress(link: string, { replace = false } = {}): void {
  const next = `/?url=${encodeURIComponent(link)}`;
  if (window.location.pathname + window.location.search === next) return;
  if (replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
}
