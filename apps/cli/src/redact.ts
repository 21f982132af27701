/**
 * --json prints each item's request headers (the page session's Cookie header included), so a
 * script can fetch the media itself. The user's own cookies (--cookies) must never be printed:
 * their pairs are taken out of every Cookie header before a record is written.
 */
export function withoutFileCookies<T>(record: T, names: ReadonlySet<string>): T {
  if (names.size === 0) return record;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = key.toLowerCase() === 'cookie' && typeof inner === 'string' ? dropPairs(inner, names) : walk(inner);
    }
    return out;
  };
  return walk(record) as T;
}

function dropPairs(header: string, names: ReadonlySet<string>): string {
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair && !names.has(pair.slice(0, pair.indexOf('=') >>> 0).trim()))
    .join('; ');
}
