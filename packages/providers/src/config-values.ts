/**
 * Zod value parsers for the configuration: durations, rates, provider ids, URLs, host maps,
 * booleans. Each failure message says what a good value looks like.
 */
import { parseHostMap } from '@tiksaver/core';
import * as z from 'zod';

export const PROVIDER_IDS = ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

const RATE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

/** Milliseconds from a number or "1500ms" / "20s" / "2m"; a bare numeric string is in `bare` units. */
export const duration = (bare: 'ms' | 's') =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    if (typeof value === 'number') return value >= 0 && Number.isFinite(value) ? Math.round(value) : fail(ctx, 'must be a duration of 0 or more');
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(value);
    if (!m) return fail(ctx, `cannot read "${value}" as a duration (e.g. 20s, 1500ms, 2m)`);
    const unit = (m[2]?.toLowerCase() ?? bare) as 'ms' | 's' | 'm';
    return Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000));
  });

export const rate = z.union([z.number().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return Math.round(value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?\s*$/i.exec(value);
  if (!m || Number(m[1]) <= 0) return fail(ctx, `cannot read "${value}" as a rate (bytes per second, e.g. 50K or 4.2M)`);
  return Math.round(Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!);
});

export const providerId = z.string().transform((value, ctx) => {
  const id = value.trim().toLowerCase();
  return (PROVIDER_IDS as readonly string[]).includes(id) ? (id as ProviderId) : fail(ctx, `unknown provider "${value}" (known: ${PROVIDER_IDS.join(', ')})`);
});

export const idList = z
  .union([z.string().transform((s) => s.split(',').filter((x) => x.trim())), z.array(z.string())])
  .pipe(z.array(providerId))
  .transform((ids) => [...new Set(ids)]);

export const httpUrl = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    /* fall through */
  }
  return fail(ctx, `"${value}" is not an http(s) URL`);
});

export const proxyUrl = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value.trim());
    if (['http:', 'https:', 'socks5:'].includes(url.protocol)) return value.trim();
  } catch {
    /* fall through */
  }
  return fail(ctx, `"${value}" is not a proxy URL (http://host:port)`);
});

export const hostMap = z.union([z.string(), z.array(z.object({ pattern: z.string(), origin: z.string() }))]).transform((value, ctx) => {
  try {
    if (typeof value === 'string') parseHostMap(value);
    else parseHostMap(value.map((e) => `${e.pattern}=${e.origin}`).join(','));
    return value;
  } catch (error) {
    return fail(ctx, (error as Error).message);
  }
});

export const boolLike = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return fail(ctx, `"${value}" is not true/false`);
});

export const count = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'must be a whole number').transform(Number)]);
export const idRecord = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).transform((rec, ctx) => {
    const out: Partial<Record<ProviderId, z.output<T>>> = {};
    for (const [key, v] of Object.entries(rec)) {
      const id = key.trim().toLowerCase();
      if (!(PROVIDER_IDS as readonly string[]).includes(id)) return fail(ctx, `unknown provider "${key}" (known: ${PROVIDER_IDS.join(', ')})`);
      out[id as ProviderId] = v;
    }
    return out;
  });
