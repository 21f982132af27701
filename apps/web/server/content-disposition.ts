/**
 * Content-Disposition per RFC 6266 / RFC 8187: an ASCII `filename` fallback for old
 * clients plus `filename*` with the UTF-8 name (emoji and accents in captions survive).
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  // RFC 8187 attr-char: encodeURIComponent leaves a few characters that are not allowed.
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Only media types are passed through; anything else (e.g. text/html from a hostile upstream) is served as bytes. */
export function safeMediaType(upstream: string | undefined, fallback: string | undefined): string {
  const pick = (value: string | undefined) => {
    const type = value?.split(';')[0]?.trim().toLowerCase();
    return type && /^(video|audio|image)\/[a-z0-9.+-]+$/.test(type) && type !== 'image/svg+xml' ? type : undefined;
  };
  return pick(upstream) ?? pick(fallback) ?? 'application/octet-stream';
}
