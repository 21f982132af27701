/**
 * tikwm imitation (www.tikwm.com), services.md §2: `POST /api/` (form `url, hd`) and
 * `GET /api/?url=&hd=`, answers `{ code, msg, data }` built from the scenario catalogue,
 * the free-tier limits (1 request/s answered with `code: -1` and the real message; a
 * lock-out after bursts), and the proxied media behind the host-relative URLs.
 *
 * Controls: 'lockout[:ms]' (block now), 'lockout-ms:<n>' (lock-out length, default 30 s),
 * 'interval-ms:<n>' (minimum spacing, default 1000), 'burst:<n>' (calls within one second
 * that trigger a lock-out, default 4), 'limits-off' / 'limits-on', 'refuse-post' /
 * 'accept-post' (POST answered 405 so clients fall back to GET), 'reset' (defaults back).
 */
import type { SandboxContext, SandboxRequest, VirtualService } from '../types.js';
import { findPastedScenario } from './pasted-link.js';
import { TIKWM_RATE_LIMIT_MSG, apiAnswer, assetFor, failure, offeredMedia, type TikwmMedia } from './tikwm/answer.js';
import { TikwmLimiter, type TikwmLimitOptions } from './tikwm/limiter.js';

export interface TikwmServiceOptions extends TikwmLimitOptions {}

export const TIKWM_HOSTS = ['www.tikwm.com', 'tikwm.com'];

const MEDIA_PATH = /^\/video\/(?:media\/(play|hdplay|wmplay)\/(\d+)\.mp4|music\/(\d+)\.mp3|cover\/(\d+)\.webp)$/;

function json(res: SandboxRequest['res'], body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*', ...headers })
    .end(JSON.stringify(body));
}

/** A bare scripted client (no browser user agent) is what tikwm's 403 was seen for. */
function looksLikeBrowser(request: SandboxRequest): boolean {
  return /mozilla\//i.test(String(request.req.headers['user-agent'] ?? ''));
}

export function createTikwmService(ctx: SandboxContext, options: TikwmServiceOptions = {}): VirtualService {
  const limiter = new TikwmLimiter(options);
  let refusePost = false;

  function handleApi(request: SandboxRequest): void {
    const { req, res, url, body } = request;
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    if (req.method === 'POST' && refusePost) {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/html' }).end('<h1>405 Not Allowed</h1>');
      return;
    }
    if (!looksLikeBrowser(request)) {
      res.writeHead(403, { 'content-type': 'text/html' }).end('<h1>403 Forbidden</h1>');
      return;
    }
    const verdict = limiter.check(ctx.now());
    if (verdict.kind === 'locked') {
      res
        .writeHead(429, { 'content-type': 'text/html', 'retry-after': String(verdict.retryAfterSec) })
        .end('<h1>429 Too Many Requests</h1>');
      return;
    }
    if (verdict.kind === 'soft') {
      json(res, failure(TIKWM_RATE_LIMIT_MSG));
      return;
    }
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
    const hd = params.get('hd') === '1' || params.get('hd') === 'true';
    json(res, apiAnswer(ctx, findPastedScenario(ctx, params.get('url')), hd));
  }

  function handleMedia(request: SandboxRequest, match: RegExpExecArray): void {
    const [, variant, videoId, musicId, coverId] = match;
    const media: TikwmMedia = variant ? (variant as TikwmMedia) : musicId ? 'music' : 'cover';
    const scenario = ctx.scenarioByItemId(videoId ?? musicId ?? coverId ?? '');
    const available = scenario ? offeredMedia(scenario) : undefined;
    const offered = available && (media === 'cover' || available.includes(media === 'music' ? 'audio' : 'video'));
    if (!scenario || !offered) {
      request.res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    ctx.serveMedia(request.req, request.res, assetFor(media, scenario));
  }

  return {
    id: 'tikwm',
    hosts: TIKWM_HOSTS,
    handle(request) {
      const path = request.url.pathname;
      if (path === '/api/' || path === '/api') return handleApi(request);
      const media = MEDIA_PATH.exec(path);
      if (media && (request.req.method === 'GET' || request.req.method === 'HEAD')) return handleMedia(request, media);
      if (path === '/' && request.req.method === 'GET') {
        request.res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>TikWM</title><h1>TikTok video downloader</h1>');
        return;
      }
      request.res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    },
    control(action) {
      const [name, value] = action.split(':');
      const n = Number(value);
      if (name === 'lockout') limiter.lockOut(ctx.now(), Number.isFinite(n) && value ? n : undefined);
      else if (name === 'lockout-ms' && Number.isFinite(n)) limiter.lockoutMs = n;
      else if (name === 'interval-ms' && Number.isFinite(n)) limiter.intervalMs = n;
      else if (name === 'burst' && Number.isFinite(n)) limiter.burstThreshold = n;
      else if (name === 'limits-off') limiter.enabled = false;
      else if (name === 'limits-on') limiter.enabled = true;
      else if (name === 'refuse-post') refusePost = true;
      else if (name === 'accept-post') refusePost = false;
      else if (name === 'reset') {
        limiter.reset();
        refusePost = false;
      } else throw new Error(`tikwm: unknown control "${action}" (known: lockout[:ms], lockout-ms:<n>, interval-ms:<n>, burst:<n>, limits-off, limits-on, refuse-post, accept-post, reset)`);
    },
  };
}
