/**
 * Host map: real hostname -> local origin. Lets the sandbox, tests and anyone's own harness
 * stand in for any upstream without provider code knowing (issue 4, TIKSAVER_HOST_MAP).
 */
import { TiksaverError } from '../errors.js';
import type { HostMapEntry } from './types.js';

/**
 * Parses "www.tiktok.com=http://127.0.0.1:7001,*.tiktokcdn.com=http://127.0.0.1:7002".
 * Entries are separated by commas or whitespace; an invalid entry is MISCONFIGURED.
 */
export function parseHostMap(input: string): HostMapEntry[] {
  const entries: HostMapEntry[] = [];
  for (const raw of input.split(/[\s,]+/)) {
    if (!raw) continue;
    const eq = raw.indexOf('=');
    const pattern = eq > 0 ? raw.slice(0, eq).trim().toLowerCase() : '';
    const target = eq > 0 ? raw.slice(eq + 1).trim() : '';
    if (!pattern || !target || !/^(\*\.)?[a-z0-9.-]+$/.test(pattern)) {
      throw new TiksaverError('MISCONFIGURED', `Invalid host map entry "${raw}"; expected host=http://127.0.0.1:port or *.suffix=origin`);
    }
    entries.push({ pattern, origin: normalizeOrigin(target, raw) });
  }
  return entries;
}

function normalizeOrigin(target: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TiksaverError('MISCONFIGURED', `Invalid origin in host map entry "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TiksaverError('MISCONFIGURED', `Host map origin must be http(s): "${raw}"`);
  }
  return url.origin;
}

/** Exact names win over wildcards; among wildcards the longest suffix wins. */
export function matchHostMap(entries: readonly HostMapEntry[], hostname: string): HostMapEntry | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  let best: HostMapEntry | undefined;
  for (const entry of entries) {
    if (entry.pattern === host) return entry;
    if (entry.pattern.startsWith('*.')) {
      const suffix = entry.pattern.slice(1); // ".tiktokcdn.com"
      if (host.endsWith(suffix) && host.length > suffix.length) {
        if (!best || entry.pattern.length > best.pattern.length) best = entry;
      }
    }
  }
  return best;
}

export function toHostMapEntries(hostMap: HostMapEntry[] | string | undefined): HostMapEntry[] {
  if (!hostMap) return [];
  if (typeof hostMap === 'string') return parseHostMap(hostMap);
  return hostMap.map((entry) => ({ pattern: entry.pattern.toLowerCase(), origin: normalizeOrigin(entry.origin, `${entry.pattern}=${entry.origin}`) }));
}
