/**
 * TikDown imitation (tikdown.org), services.md §4b: a Laravel site. `GET /id` serves the
 * download form with the `_token` CSRF field and sets `XSRF-TOKEN` and session cookies;
 * `POST /getAjax` (form `url, _token`) answers `{ status, html }`; a stale token gets
 * Laravel's 419. Media links point at TikDown's own download endpoint.
 *
 * Controls: 'expire-next' (the next getAjax answers 419 once), 'expire-always' (every
 * getAjax answers 419, a broken deployment), 'expire-all' (forget every
 * session: all issued tokens go stale), 'strict-cookies' / 'lenient-cookies' (whether the
 * session cookie must accompany the token; lenient by default, since bots without a
 * cookie jar reportedly still worked).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { parseCookies } from '../log.js';
import type { SandboxContext, SandboxRequest, VirtualService } from '../types.js';
import { decodeToken, findPastedScenario } from './pasted-link.js';
import { ajaxAnswer, homePage, type TikdownMediaToken } from './tikdown/pages.js';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Laravel's CSRF token: Str::random(40), letters and digits only. */
function csrfToken(): string {
  return Array.from({ length: 40 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('');
}

export const TIKDOWN_HOSTS = ['tikdown.org', 'www.tikdown.org'];

/** Laravel's default session lifetime is 120 minutes. */
const SESSION_LIFETIME_MS = 120 * 60 * 1000;
const MAX_SESSIONS = 5000;
const SESSION_COOKIE = 'tikdown_session';

interface Session {
  token: string;
  expiresAt: number;
}

export function createTikdownService(ctx: SandboxContext): VirtualService {
  const sessions = new Map<string, Session>();
  let expireNext = false;
  let expireAlways = false;
  let strictCookies = false;

  function newSession(): [string, Session] {
    const id = randomBytes(20).toString('base64url');
    const session = { token: csrfToken(), expiresAt: ctx.now() + SESSION_LIFETIME_MS };
    sessions.set(id, session);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    return [id, session];
  }

  function sessionCookies(id: string, session: Session): string[] {
    const expires = new Date(session.expiresAt).toUTCString();
    return [
      `XSRF-TOKEN=${encodeURIComponent(Buffer.from(JSON.stringify({ iv: 'x', value: session.token, mac: 'y' })).toString('base64'))}; expires=${expires}; Max-Age=7200; path=/; samesite=lax`,
      `${SESSION_COOKIE}=${id}; expires=${expires}; Max-Age=7200; path=/; httponly; samesite=lax`,
    ];
  }

  function servePage({ req, res }: SandboxRequest): void {
    const cookies = parseCookies(req.headers.cookie);
    const known = cookies[SESSION_COOKIE] ? sessions.get(cookies[SESSION_COOKIE]) : undefined;
    const [id, session] = known && known.expiresAt > ctx.now() ? [cookies[SESSION_COOKIE]!, known] : newSession();
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=UTF-8',
        'cache-control': 'no-cache, private',
        'set-cookie': sessionCookies(id, session),
      })
      .end(homePage(session.token));
  }

  function tokenValid(req: SandboxRequest['req'], token: string | null): boolean {
    if (!token) return false;
    const cookies = parseCookies(req.headers.cookie);
    const session = cookies[SESSION_COOKIE] ? sessions.get(cookies[SESSION_COOKIE]) : undefined;
    if (!session) return !strictCookies && [...sessions.values()].some((s) => s.token === token && s.expiresAt > ctx.now());
    return session.token === token && session.expiresAt > ctx.now();
  }

  function pageExpired({ req, res }: SandboxRequest): void {
    if (req.headers['x-requested-with'] === 'XMLHttpRequest') {
      res.writeHead(419, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'CSRF token mismatch.' }));
    } else {
      res.writeHead(419, { 'content-type': 'text/html; charset=UTF-8' }).end('<!DOCTYPE html><title>Page Expired</title><h1>419 | Page Expired</h1>');
    }
  }

  function handleAjax(request: SandboxRequest): void {
    const form = new URLSearchParams(request.body);
    const token = form.get('_token') ?? (request.req.headers['x-csrf-token'] as string | undefined) ?? null;
    if (expireNext || expireAlways || !tokenValid(request.req, token)) {
      expireNext = false;
      return pageExpired(request);
    }
    const answer = ajaxAnswer(findPastedScenario(ctx, form.get('url')));
    request.res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }).end(JSON.stringify(answer));
  }

  function serveDownload(request: SandboxRequest, token: string): void {
    const media = decodeToken<TikdownMediaToken>(token);
    const scenario = media ? ctx.scenarios.find((s) => s.id === media.s) : undefined;
    if (!media || !scenario) {
      request.res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const type = media.t === 'thumb' ? 'image' : media.t;
    ctx.serveMedia(request.req, request.res, {
      scenarioId: scenario.id,
      type,
      session: false,
      ...(type === 'image' && { n: 0, format: 'jpeg' as const }),
      ...(type === 'video' && { watermark: false }),
    });
  }

  return {
    id: 'tikdown',
    hosts: TIKDOWN_HOSTS,
    handle(request) {
      const { req, res, url } = request;
      const path = url.pathname;
      if (req.method === 'GET' && (path === '/' || path === '/id' || path === '/en')) return servePage(request);
      if (path === '/getAjax') {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST', 'content-type': 'text/html' }).end('<h1>405 | Method Not Allowed</h1>');
          return;
        }
        return handleAjax(request);
      }
      const download = /^\/download\/([A-Za-z0-9_-]+)\.(?:mp4|mp3|jpg)$/.exec(path);
      if (download && (req.method === 'GET' || req.method === 'HEAD')) return serveDownload(request, download[1]!);
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 | Not Found</h1>');
    },
    control(action) {
      if (action === 'expire-next') expireNext = true;
      else if (action === 'expire-always') expireAlways = true;
      else if (action === 'expire-all') sessions.clear();
      else if (action === 'strict-cookies') strictCookies = true;
      else if (action === 'lenient-cookies') strictCookies = false;
      else if (action === 'reset') {
        expireNext = false;
        expireAlways = false;
        strictCookies = false;
      } else throw new Error(`tikdown: unknown control "${action}" (known: expire-next, expire-always, expire-all, strict-cookies, lenient-cookies, reset)`);
    },
  };
}
