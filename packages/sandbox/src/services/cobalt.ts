/**
 * cobalt instance imitation (imputnet/cobalt v10+ API, services.md §3): `GET /` instance
 * info, `POST /` with the required `Accept`/`Content-Type: application/json` headers, the
 * 1024-byte body limit, the strict body schema, optional `Api-Key` auth, `RateLimit-*`
 * headers and `rate_exceeded`, and `GET /tunnel` streaming short-lived tunnels.
 *
 * Controls: 'api-key:<uuid>' (auth required with that key) / 'api-key:off',
 * 'rate-limit:<max>' (requests per window; default 1000 so test suites never trip it, the
 * real default is 20) / 'rate-window:<seconds>' (default 60), 'tunnel-lifespan:<ms>'
 * (default 90 000), 'force-local-processing' / 'no-local-processing', 'reset'.
 */
import type { SandboxContext, SandboxRequest, VirtualService } from '../types.js';
import { answerFor, apiError, type CobaltAnswer } from './cobalt/answer.js';
import { BODY_LIMIT_BYTES, CobaltRequestSchema } from './cobalt/schema.js';
import { TUNNEL_LIFESPAN_MS, TunnelStore } from './cobalt/tunnels.js';

export const COBALT_HOSTS = ['cobalt.sandbox.test'];
export const COBALT_ORIGIN = 'https://cobalt.sandbox.test';

const SERVICES = ['bilibili', 'bluesky', 'dailymotion', 'facebook', 'instagram', 'loom', 'ok', 'pinterest', 'newgrounds', 'reddit', 'rutube', 'snapchat', 'soundcloud', 'streamable', 'tiktok', 'tumblr', 'twitch clips', 'twitter', 'vimeo', 'vk', 'xiaohongshu', 'youtube'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

interface RateWindow {
  start: number;
  count: number;
}

function statusOf(answer: CobaltAnswer): number {
  if (answer.status !== 'error') return 200;
  const code = answer.error.code;
  if (code.startsWith('error.api.auth.')) return 401;
  if (code === 'error.api.rate_exceeded') return 429;
  return 400;
}

export function createCobaltService(ctx: SandboxContext): VirtualService {
  const tunnels = new TunnelStore(COBALT_ORIGIN);
  const startTime = String(ctx.now());
  let apiKey: string | undefined;
  let rateMax = 1000;
  let rateWindowSec = 60;
  let forceLocalProcessing = false;
  let window: RateWindow = { start: ctx.now(), count: 0 };

  function send(res: SandboxRequest['res'], answer: CobaltAnswer, headers: Record<string, string> = {}): void {
    res.writeHead(statusOf(answer), { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(answer));
  }

  function authError(header: string | undefined): CobaltAnswer | undefined {
    if (!apiKey) return undefined;
    if (!header) return apiError('auth.key.missing');
    const [scheme = '', token = ''] = header.split(' ', 2);
    if (scheme.toLowerCase() !== 'api-key') return apiError('auth.key.not_api_key');
    if (!UUID.test(token)) return apiError('auth.key.invalid');
    return token === apiKey ? undefined : apiError('auth.key.not_found');
  }

  /** express-rate-limit with IETF draft headers (RateLimit-Limit/-Remaining/-Reset/-Policy). */
  function rateLimit(): { headers: Record<string, string>; exceeded: boolean } {
    const now = ctx.now();
    if (now - window.start >= rateWindowSec * 1000) window = { start: now, count: 0 };
    window.count++;
    const reset = Math.max(0, Math.ceil((window.start + rateWindowSec * 1000 - now) / 1000));
    return {
      exceeded: window.count > rateMax,
      headers: {
        'ratelimit-policy': `${rateMax};w=${rateWindowSec}`,
        'ratelimit-limit': String(rateMax),
        'ratelimit-remaining': String(Math.max(0, rateMax - window.count)),
        'ratelimit-reset': String(reset),
      },
    };
  }

  function handleApi({ req, res, body }: SandboxRequest): void {
    if (!/application\/json/.test(String(req.headers.accept ?? ''))) return send(res, apiError('header.accept'));
    if (!/application\/json/.test(String(req.headers['content-type'] ?? ''))) return send(res, apiError('header.content_type'));
    const auth = authError(req.headers.authorization);
    if (auth) return send(res, auth);
    const limit = rateLimit();
    if (limit.exceeded) return send(res, apiError('rate_exceeded', { limit: rateWindowSec }), limit.headers);
    if (Buffer.byteLength(body) > BODY_LIMIT_BYTES) return send(res, apiError('invalid_body'), limit.headers);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return send(res, apiError('invalid_body'), limit.headers);
    }
    if (!json || typeof json !== 'object' || !('url' in json)) return send(res, apiError('link.missing'), limit.headers);
    const parsed = CobaltRequestSchema.safeParse(json);
    if (!parsed.success) return send(res, apiError('invalid_body'), limit.headers);
    const answer = answerFor({ ctx, forceLocalProcessing, tunnel: (asset) => tunnels.create(asset, ctx.now()) }, parsed.data);
    send(res, answer, limit.headers);
  }

  function instanceInfo(res: SandboxRequest['res']): void {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        cobalt: { version: '11.5', url: `${COBALT_ORIGIN}/`, startTime, durationLimit: 10800, services: SERVICES },
        git: { commit: 'a636575b6d1a3b4c2e9f0d8e7c6b5a4f3e2d1c0b', branch: 'main', remote: 'imputnet/cobalt' },
      }),
    );
  }

  function handleTunnel({ req, res, url }: SandboxRequest): void {
    const opened = tunnels.open(url.searchParams, ctx.now());
    if (!opened.ok) {
      res.writeHead(opened.status).end();
      return;
    }
    ctx.serveMedia(req, res, opened.asset);
  }

  return {
    id: 'cobalt',
    hosts: COBALT_HOSTS,
    handle(request) {
      const { req, res, url } = request;
      if (url.pathname === '/') {
        if (req.method === 'POST') return handleApi(request);
        if (req.method === 'GET') return instanceInfo(res);
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Accept, Content-Type, Authorization' }).end();
          return;
        }
      }
      if (url.pathname === '/tunnel' && (req.method === 'GET' || req.method === 'HEAD')) return handleTunnel(request);
      send(res, apiError('generic'), {});
    },
    control(action) {
      const [name, value = ''] = action.split(/:(.*)/s, 2);
      const n = Number(value);
      if (name === 'api-key') apiKey = value && value !== 'off' ? value : undefined;
      else if (name === 'rate-limit' && Number.isFinite(n)) rateMax = n;
      else if (name === 'rate-window' && Number.isFinite(n) && n > 0) rateWindowSec = n;
      else if (name === 'tunnel-lifespan' && Number.isFinite(n)) tunnels.lifespanMs = n;
      else if (name === 'force-local-processing') forceLocalProcessing = true;
      else if (name === 'no-local-processing') forceLocalProcessing = false;
      else if (name === 'reset') {
        apiKey = undefined;
        rateMax = 1000;
        rateWindowSec = 60;
        forceLocalProcessing = false;
        tunnels.lifespanMs = TUNNEL_LIFESPAN_MS;
        window = { start: ctx.now(), count: 0 };
      } else throw new Error(`cobalt: unknown control "${action}" (known: api-key:<uuid>|off, rate-limit:<n>, rate-window:<s>, tunnel-lifespan:<ms>, force-local-processing, no-local-processing, reset)`);
    },
  };
}
