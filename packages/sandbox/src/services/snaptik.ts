/**
 * SnapTik imitation (snaptik.app + its file host rapidcdn.app), both flows of services.md §1:
 * current `/api/token` -> AES challenge -> `X-Verify` -> `/api/extract` (+ HD endpoint), and
 * the legacy home-page token -> `abc2.php` packed script still served by clones.
 *
 * Controls: 'legacy-only' (a clone: /api/token is 404), 'api-only' (abc2.php removed, as
 * reported for the real site), 'both' (default), 'rotate-salt' (next year's key salt).
 */
import { randomBytes } from 'node:crypto';
import { parseCookies } from '../log.js';
import type { SandboxContext, SandboxRequest, ServiceFactory } from '../types.js';
import { decodeToken, findPastedScenario } from './pasted-link.js';
import { extractAnswer, failureFor, rapidcdnUrl, type SnaptikMediaToken } from './snaptik/api.js';
import { SNAPTIK_SALT_2026, issueChallenge, type IssuedChallenge } from './snaptik/challenge.js';
import { jsString, packScript } from './snaptik/packer.js';
import { SNAPTIK_VERIFY_FAILED, legacyDownloadHtml, legacyHomePage, legacyScriptSource } from './snaptik/pages.js';

type Mode = 'both' | 'legacy-only' | 'api-only';
const MAX_PENDING = 2000;

function json(res: SandboxRequest['res'], status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export const createSnaptikService: ServiceFactory = (ctx: SandboxContext) => {
  let mode: Mode = 'both';
  let salt = SNAPTIK_SALT_2026;
  const secret = randomBytes(16).toString('hex');
  const pending = new Map<string, IssuedChallenge>();
  /** Legacy PHP sessions: PHPSESSID -> form token. */
  const sessions = new Map<string, string>();

  function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    if (map.size > MAX_PENDING) map.delete(map.keys().next().value as K);
  }

  /** A token answers exactly one API call, then it is spent (services.md §1a step 5). */
  function verify(header: string | string[] | undefined): boolean {
    const [id = '', answer, e, h] = String(header ?? '').split(':');
    const issued = pending.get(id);
    if (!issued) return false;
    pending.delete(id);
    return String(issued.answer) === answer && String(issued.e) === e && issued.h === h && issued.e * 1000 > ctx.now();
  }

  function serveToken(request: SandboxRequest, token: string, hostPrefix: string): void {
    const media = decodeToken<SnaptikMediaToken>(token.replace(/\.(mp4|jpg)$/, ''));
    if (!media || typeof media.s !== 'string') {
      request.res.writeHead(404, { 'content-type': 'text/plain' }).end(`${hostPrefix}: file not found`);
      return;
    }
    ctx.serveMedia(request.req, request.res, {
      scenarioId: media.s,
      type: media.t,
      ...(media.n !== undefined && { n: media.n }),
      ...(media.t === 'image' && { format: 'jpeg' as const }),
      ...(media.hd && { codec: 'h265' as const }),
      watermark: false,
    });
  }

  function handleLegacyForm({ req, res, body }: SandboxRequest): void {
    const form = new URLSearchParams(body);
    const sid = parseCookies(req.headers.cookie)['PHPSESSID'];
    const expected = sid ? sessions.get(sid) : undefined;
    const pasted = findPastedScenario(ctx, form.get('url'));
    let result: { html: string } | { alert: string };
    if (!expected || expected !== form.get('token')) {
      result = { alert: SNAPTIK_VERIFY_FAILED };
    } else {
      const message = failureFor(pasted);
      if (message !== undefined || pasted.kind !== 'scenario') result = { alert: message ?? SNAPTIK_VERIFY_FAILED };
      else {
        const s = pasted.scenario;
        const images = s.media.video ? 0 : (s.media.images ?? 0);
        result = {
          html: legacyDownloadHtml(s, {
            thumbnail: rapidcdnUrl({ s: s.id, t: 'image', n: 0 }),
            images: Array.from({ length: images }, (_, n) => rapidcdnUrl({ s: s.id, t: 'image', n })),
            ...(s.media.video && {
              video: rapidcdnUrl({ s: s.id, t: 'video' }),
              hd: rapidcdnUrl({ s: s.id, t: 'video', hd: true }),
            }),
          }),
        };
      }
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(packScript(legacyScriptSource(result, jsString)));
  }

  return {
    id: 'snaptik',
    hosts: ['snaptik.app', 'www.snaptik.app', 'rapidcdn.app', 'd.rapidcdn.app'],
    control(action: string) {
      if (action === 'legacy-only' || action === 'api-only' || action === 'both') mode = action;
      else if (action === 'rotate-salt') salt = 'sn4pt1k_v3r1fy2027:';
      else if (action === 'reset') {
        mode = 'both';
        salt = SNAPTIK_SALT_2026;
      } else throw new Error(`snaptik: unknown control "${action}"`);
    },
    handle(request: SandboxRequest) {
      const { req, res, url, host } = request;
      const path = url.pathname;
      if (host.endsWith('rapidcdn.app')) {
        const token = /^\/v2\/([\w-]+\.(?:mp4|jpg))$/.exec(path)?.[1];
        if (token && (req.method === 'GET' || req.method === 'HEAD')) return serveToken(request, token, 'rapidcdn');
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      if (path === '/api/token' && req.method === 'POST' && mode !== 'legacy-only') {
        const issued = issueChallenge(salt, secret, ctx.now());
        remember(pending, issued.id, issued);
        return json(res, 200, { id: issued.id, p: issued.p });
      }
      if ((path === '/api/extract' || path === '/api/hd') && req.method === 'GET' && mode !== 'legacy-only') {
        if (!verify(req.headers['x-verify'])) return json(res, 403, { success: false, message: SNAPTIK_VERIFY_FAILED });
        if (path === '/api/hd') {
          const media = decodeToken<SnaptikMediaToken>(url.searchParams.get('token') ?? '');
          if (!media) return json(res, 200, { url: null, error: 'Invalid token' });
          return json(res, 200, { url: rapidcdnUrl({ ...media, hd: true }) });
        }
        return json(res, 200, extractAnswer(ctx, findPastedScenario(ctx, url.searchParams.get('url'))));
      }
      const file = /^\/file\/([\w-]+\.(?:mp4|jpg))$/.exec(path)?.[1];
      if (file && (req.method === 'GET' || req.method === 'HEAD')) return serveToken(request, file, 'snaptik');
      if (path === '/abc2.php' && req.method === 'POST' && mode !== 'api-only') return handleLegacyForm(request);
      if (req.method === 'GET' && /^\/(?:[a-zA-Z]{2}\d?)?\/?$/.test(path)) {
        const sid = randomBytes(13).toString('hex');
        const token = randomBytes(24).toString('base64url');
        remember(sessions, sid, token);
        res
          .writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'set-cookie': `PHPSESSID=${sid}; path=/; HttpOnly; SameSite=Lax` })
          .end(legacyHomePage(token, path.replace(/\//g, '') || 'en2'));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>');
    },
  };
};
