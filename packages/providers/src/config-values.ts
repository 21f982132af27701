/**
 * Zod value parsers for the configuration: durations, rates, URLs, host maps, booleans
 * (provider ids: provider-id-values.ts). Each failure message says what a good value looks like.
 */
import { parseHostMap } from '@tiksaver/core';
import * as z from 'zod';

const RATE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function fail(ctx: z.RefinementCtx, message: string): never {
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

/** A duration that must be more than 0 (a timeout of 0 would fail everything at once). */
export const positiveDuration = duration('ms').refine((ms) => ms > 0, 'must be more than 0');

export const rate = z.union([z.number().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return Math.round(value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?\s*$/i.exec(value);
  if (!m) return fail(ctx, `cannot read "${value}" as a rate (bytes per second, e.g. 50K or 4.2M)`);
  const bps = Math.round(Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!);
  return bps > 0 ? bps : fail(ctx, 'must be more than 0');
});

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

export const count = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : fail(ctx, `must be a whole number (got "${value}")`);
});
