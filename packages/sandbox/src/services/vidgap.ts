/**
 * VidGap imitation (vidgap.com, services.md §4a): a Next.js App Router site. GET / sets the
 * Cloudflare cookie and lists hashed JS chunks, one of which carries the
 * `findContentActionsQueue` server-action id; POST / with `next-action` answers RSC flight
 * rows, the result document in row `1:`.
 *
 * Unknown action ids answer as Next.js does for a stale deployment: 404,
 * `x-nextjs-action-not-found: 1`, body "Server action not found.".
 * Controls: 'redeploy' (new build id, chunk names and action ids), 'throttle' (row 1
 * missing: "content unavailable or rate limited"), 'queue' (row 1 is a Socket.IO queue
 * session), 'overload:N' (the next N action calls answer 502/503 as under load, services.md
 * §4a), 'normal'.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext, SandboxRequest, ServiceFactory } from '../types.js';
import { findPastedScenario } from './pasted-link.js';
import { createDeployment, type Deployment } from './vidgap/deploy.js';
import { resultDocument } from './vidgap/document.js';
import { CLOUDFLARE_CHALLENGE, homePage } from './vidgap/page.js';

type Mode = 'normal' | 'throttle' | 'queue';

const FLIGHT_HEADERS = {
  'content-type': 'text/x-component',
  vary: 'RSC, Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch',
  'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
};

interface ActionArgs {
  vLink?: unknown;
  tab?: unknown;
  platform?: unknown;
}

export const createVidgapService: ServiceFactory = (ctx: SandboxContext) => {
  let deploy: Deployment = createDeployment();
  let mode: Mode = 'normal';
  let overloaded = 0;

  function hasClearance(req: SandboxRequest['req']): boolean {
    return /(?:^|;\s*)__cf_bm=/.test(req.headers.cookie ?? '');
  }

  function runAction({ req, res, body }: SandboxRequest): void {
    const actionId = String(req.headers['next-action'] ?? '');
    if (!hasClearance(req)) {
      res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge' }).end(CLOUDFLARE_CHALLENGE);
      return;
    }
    if (overloaded > 0) {
      const status = overloaded-- % 2 === 0 ? 502 : 503;
      res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><head><title>${status}</title></head><body><center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</h1></center><hr><center>cloudflare</center></body></html>`);
      return;
    }
    const name = Object.entries(deploy.actions).find(([, id]) => id === actionId)?.[0];
    if (!name) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-nextjs-action-not-found': '1' }).end('Server action not found.');
      return;
    }
    const head = `0:${JSON.stringify({ a: '$@1', f: '', b: deploy.buildId })}\n`;
    if (name !== 'findContentActionsQueue') {
      res.writeHead(200, FLIGHT_HEADERS).end(`${head}1:null\n`);
      return;
    }
    let args: ActionArgs | undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      args = Array.isArray(parsed) ? (parsed[0] as ActionArgs) : undefined;
    } catch {
      args = undefined;
    }
    if (!args || typeof args.vLink !== 'string') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    if (mode === 'throttle') {
      res.writeHead(200, FLIGHT_HEADERS).end(head);
      return;
    }
    if (mode === 'queue') {
      res.writeHead(200, FLIGHT_HEADERS).end(`${head}1:${JSON.stringify({ sessionId: randomBytes(12).toString('hex'), queued: true })}\n`);
      return;
    }
    let vLink = args.vLink;
    try {
      vLink = decodeURIComponent(vLink);
    } catch {
      /* keep as sent */
    }
    const document = resultDocument(ctx, findPastedScenario(ctx, vLink), String(args.tab ?? 'all'));
    // The site wraps the document under `data` on some code paths (services.md §4a "may be nested").
    const nested = Number(String(document['contentId'] ?? '0').slice(-1)) % 2 === 1;
    res.writeHead(200, FLIGHT_HEADERS).end(`${head}1:${JSON.stringify(nested ? { data: document } : document)}\n`);
  }

  return {
    id: 'vidgap',
    hosts: ['vidgap.com', 'www.vidgap.com'],
    control(action: string) {
      if (action === 'redeploy') deploy = createDeployment();
      else if (action === 'throttle' || action === 'queue' || action === 'normal') {
        mode = action;
        if (action === 'normal') overloaded = 0;
      } else if (/^overload:\d+$/.test(action)) overloaded = Number(action.slice('overload:'.length));
      else throw new Error(`vidgap: unknown control "${action}"`);
    },
    handle(request: SandboxRequest) {
      const { req, res, url } = request;
      const path = url.pathname;
      if (req.method === 'POST' && path === '/' && req.headers['next-action']) return runAction(request);
      if ((req.method === 'GET' || req.method === 'HEAD') && path === '/') {
        const cookie = hasClearance(req) ? {} : { 'set-cookie': `__cf_bm=${randomBytes(32).toString('base64url')}; path=/; expires=${new Date(ctx.now() + 30 * 60_000).toUTCString()}; domain=.vidgap.com; HttpOnly; Secure; SameSite=None` };
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-powered-by': 'Next.js', ...cookie }).end(req.method === 'HEAD' ? undefined : homePage(deploy));
        return;
      }
      const chunk = /^\/_next\/static\/chunks\/(.+\.js)$/.exec(path)?.[1];
      if (chunk && deploy.chunks.has(chunk)) {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=UTF-8', 'cache-control': 'public, max-age=31536000, immutable' }).end(deploy.chunks.get(chunk));
        return;
      }
      if (path.startsWith('/api/video/redirect/')) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Unauthorized' }));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>404: This page could not be found.</title><h1>404</h1>');
    },
  };
};
