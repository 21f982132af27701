/**
 * The TikTok CDN imitation on *.tiktokcdn.com and *.tiktokcdn-us.com (tiktok-web.md §2
 * "Headers and cookies", top fact 6): signed URLs that expire (`expire=`/`x-expires=`),
 * 403 for URLs carrying `tk=tt_chain_token` unless the request has a valid tt_chain_token
 * cookie AND a TikTok Referer (URLs listed by a page: that page's own token), GET/Range/ETag
 * via serveMedia (HEAD and OPTIONS refused, as today's CDN does), and `/synthetic/<bytes>.bin`
 * (or .mp4) files of any size for benchmarks.
 */
import type { ServerResponse } from 'node:http';
import { parseCookies } from '../log.js';
import { sendAsset, synthetic } from '../media.js';
import { findScenarioByItemId } from '../scenarios.js';
import type { SandboxContext, VirtualService } from '../types.js';
import { CDN_HOST_PATTERNS, checkCdnUrl } from './cdn-urls.js';
import type { TiktokDeps } from './deps.js';
import { CHAIN_COOKIE, hasValidChainToken, sessionIdOf } from './session.js';

const TIKTOK_REFERER = /^https:\/\/(www|m)\.tiktok\.com\//;
const MAX_SYNTHETIC = 64 * 1024 ** 3;

function deny(res: ServerResponse, status: 403 | 404, reason: string): void {
  const body = status === 403 ? 'Access Denied' : 'Not Found';
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': body.length, 'X-Sandbox-Reason': reason, Server: 'Tengine' }).end(body);
}

export function createTiktokCdnService(ctx: SandboxContext, deps: TiktokDeps): VirtualService {
  const sessionOk = (headers: Record<string, string | string[] | undefined>) =>
    hasValidChainToken(deps.signer, parseCookies(headers.cookie as string | undefined)) && TIKTOK_REFERER.test(String(headers.referer ?? ''));

  return {
    id: 'tiktok-cdn',
    hosts: [...CDN_HOST_PATTERNS],
    handle({ req, res, url }) {
      deps.media.requests++;
      // tiktok-web.md §0: HEAD and OPTIONS to the CDN are refused; only (ranged) GETs work.
      if (req.method === 'HEAD') deps.media.head++;
      if (req.method === 'OPTIONS') deps.media.options++;
      if (req.method !== 'GET') return deny(res, 403, 'method');
      const syn = /^\/synthetic\/(\d+)\.(bin|mp4)$/.exec(url.pathname);
      if (syn) {
        const size = Number(syn[1]);
        if (size > MAX_SYNTHETIC) return deny(res, 404, 'too large');
        if (url.searchParams.get('tk') === 'tt_chain_token' && !sessionOk(req.headers)) return deny(res, 403, 'session');
        return sendAsset(req, res, synthetic(size, syn[2] as 'bin' | 'mp4'), { Server: 'Tengine' });
      }
      const check = checkCdnUrl(url, deps.signer, ctx.now());
      if (!check.ok) return deny(res, check.status, check.reason);
      if (check.sessionId) {
        const chain = parseCookies(req.headers.cookie as string | undefined)[CHAIN_COOKIE];
        if (sessionIdOf(chain) !== check.sessionId || !sessionOk(req.headers)) {
          deps.media.withoutPageSession++;
          return deny(res, 403, 'page session');
        }
        deps.media.withPageSession++;
      } else if (check.session && !sessionOk(req.headers)) return deny(res, 403, 'session');
      const known = ctx.scenarios.some((s) => s.id === check.asset.scenarioId) || findScenarioByItemId(check.asset.scenarioId);
      if (!known && check.asset.type !== 'synthetic') return deny(res, 404, 'unknown scenario');
      ctx.serveMedia(req, res, check.asset);
    },
  };
}
