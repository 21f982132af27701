/**
 * Which scenario a link pasted into a download service points at. Services accept
 * canonical links (item id in the path) and short links (vm./vt. tiktok.com, /t/ codes),
 * which they resolve through the catalogue as the real sites resolve them upstream.
 */
import { findShortLinkVariant, shortCode } from '../scenarios.js';
import type { SandboxContext, Scenario } from '../types.js';

export type PastedLink =
  | { kind: 'scenario'; scenario: Scenario }
  /** A TikTok link whose item the catalogue does not know: the service says "not found". */
  | { kind: 'unknown' }
  /** Not a TikTok link at all. */
  | { kind: 'invalid' };

const TIKTOK_HOST = /(^|\.)tiktok\.com$/i;

export function findPastedScenario(ctx: SandboxContext, pasted: string | undefined | null): PastedLink {
  let url: URL;
  try {
    url = new URL(String(pasted ?? '').trim());
  } catch {
    return { kind: 'invalid' };
  }
  if (!TIKTOK_HOST.test(url.hostname)) return { kind: 'invalid' };
  const itemId = /\/(?:video|photo|story|v)\/(\d{6,25})/.exec(url.pathname)?.[1];
  if (itemId) {
    const scenario = ctx.scenarioByItemId(itemId);
    return scenario ? { kind: 'scenario', scenario } : { kind: 'unknown' };
  }
  const code = url.pathname.split('/').filter(Boolean).pop();
  const variant = code ? findShortLinkVariant(code) : undefined;
  const scenario = code ? ctx.scenarios.find((s) => (variant ? s.id === variant.scenarioId : shortCode(s) === code)) : undefined;
  return scenario ? { kind: 'scenario', scenario } : { kind: 'unknown' };
}

/** base64url JSON, for opaque media tokens in service URLs. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeToken<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
