/**
 * PWA share target: Android's "Share -> tiksaver" opens /?title=&text=&url= (manifest
 * share_target, GET). TikTok puts the link in `text` with its share sentence, sometimes in
 * `url`; we hand all of it to the link parser, which finds the link in share text.
 */
export function takeSharedText(): string | undefined {
  const params = new URLSearchParams(window.location.search);
  const parts = ['url', 'text', 'title'].map((key) => params.get(key)?.trim()).filter((v): v is string => Boolean(v));
  if (parts.length === 0) return undefined;
  // Drop the query so a reload does not submit again.
  window.history.replaceState(null, '', window.location.pathname);
  return parts.join(' ');
}
