/**
 * POST /api/resolve { input, want?, providers?, strategy? }
 * Accept: text/event-stream -> `link`, `attempt-start`, `attempt-end` events, then `report`.
 * Otherwise -> the report as JSON (status 200 when ok, else the verdict's HTTP status).
 * The same item and media asked again within the resolution cache's TTL (or while it is
 * being resolved) is answered from that one run; `cached: true` says so, and an event
 * stream then replays the run's attempts.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod';
import { Strategy, Want, parseLink, toTiksaverError, type ResolveEvent, type ResolveReport, type Resolver } from '@tiksaver/core';
import { ApiError, statusForCode, toErrorResponse } from './api-error.js';
import { mp3Available } from './mp3.js';
import { presentEvent, presentReport } from './present.js';
import type { WebReport } from '../shared/types.js';
import type { ProviderHealthTracker } from './provider-health.js';
import { resolutionKey, type ResolutionCache } from './resolution-cache.js';
import type { TokenSigner } from './tokens.js';

export const ResolveRequest = z.object({
  input: z.string().trim().min(1, 'Paste a TikTok link first.').max(4000, 'That is too long to be a link.'),
  want: Want.optional(),
  providers: z.array(z.string().regex(/^[a-z0-9-]{1,32}$/)).max(20).optional(),
  strategy: Strategy.optional(),
});
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export interface ResolveRouteDeps {
  resolver: Resolver;
  signer: TokenSigner;
  resolutions: ResolutionCache;
  health: ProviderHealthTracker;
}

async function readRequest(c: Context, knownProviders: Set<string>): Promise<ResolveRequest> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `Expected Content-Type application/json, got ${type ? `"${type.slice(0, 60)}"` : 'none'}.`);
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    throw new ApiError('BAD_JSON', 'The request body is not valid JSON.');
  }
  const parsed = ResolveRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError('BAD_JSON', `${where}${issue?.message ?? 'invalid request'}`);
  }
  if (parsed.data.providers?.length === 0) {
    // An empty list is the client's choice, not a server misconfiguration (it was a 500 MISCONFIGURED).
    throw new ApiError('NO_PROVIDERS', 'providers: the list is empty, so nothing could be tried.');
  }
  const unknown = parsed.data.providers?.filter((id) => !knownProviders.has(id)) ?? [];
  if (unknown.length > 0) {
    throw new ApiError('BAD_JSON', `Unknown provider: ${unknown.join(', ')}.`, { hint: `Known providers: ${[...knownProviders].join(', ')}.` });
  }
  return parsed.data;
}

const PRESENTED_REUSE_MS = 5_000;

/**
 * The link of a shared answer as this request pasted it: never the text (or the personal
 * short link) of whoever pasted the item first. A short link is only ever answered from a
 * run of that same short link, so its expansion is kept.
 */
function sharedLink(report: ResolveReport, input: string): ResolveReport['link'] {
  const own = parseLink(input);
  return own.kind === 'short' ? { ...report.link, input: own.input } : own;
}

export function createResolveHandler({ resolver, signer, resolutions, health }: ResolveRouteDeps) {
  const knownProviders = new Set(resolver.providers.map((p) => p.id));

  const run = (request: ResolveRequest, signal: AbortSignal, onEvent?: (event: ResolveEvent) => void): Promise<ResolveReport> =>
    resolver.resolve(request.input, {
      ...(request.want && { want: request.want }),
      ...(request.providers && { providers: request.providers }),
      ...(request.strategy && { strategy: request.strategy }),
      signal,
      ...(onEvent && { onEvent }),
    });

  const resolve = async (request: ResolveRequest, signal: AbortSignal, onEvent?: (event: ResolveEvent) => void) => {
    const resolved = await resolutions.resolve(resolutionKey(request.input, request), (shared) => run(request, shared, onEvent), signal);
    if (resolved.fresh) health.record(resolved.report);
    return resolved;
  };

  // A popular item's cached report is presented (tokens signed, items selected) once every
  // few seconds, not once per request; a token then expires those seconds earlier.
  const presented = new Map<string, { at: number; body: WebReport }>();
  const present = async (reportId: string, report: ResolveReport, reuse: boolean): Promise<WebReport> => {
    const memo = reuse ? presented.get(reportId) : undefined;
    if (memo && Date.now() - memo.at < PRESENTED_REUSE_MS) return memo.body;
    const body = presentReport(report, { reportId, signer, mp3: await mp3Available() });
    if (reuse) {
      if (presented.size >= 1000) presented.clear();
      presented.set(reportId, { at: Date.now(), body });
    }
    return body;
  };

  const finish = async ({ reportId, report, fresh }: { reportId: string; report: ResolveReport; fresh: boolean }, input: string) => {
    const body = await present(reportId, report, !fresh && report.ok);
    return { ...body, input, link: fresh ? report.link : sharedLink(report, input), ...(!fresh && { cached: true }) };
  };

  return async (c: Context) => {
    const request = await readRequest(c, knownProviders);
    const signal = c.req.raw.signal;

    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      const resolved = await resolve(request, signal);
      const { report } = resolved;
      const status = report.ok || !report.error ? 200 : statusForCode(report.error.code);
      return c.json(await finish(resolved, request.input), status as 200);
    }

    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      signal.addEventListener('abort', () => controller.abort(), { once: true });
      // onEvent is synchronous; chain writes so events keep their order.
      let writes: Promise<void> = Promise.resolve();
      const send = (event: string, data: unknown) => {
        writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => undefined);
      };
      // A comment line now and then keeps proxies from closing a quiet stream (a chain can take a minute).
      const heartbeat = setInterval(() => {
        writes = writes.then(() => stream.write(': keep-alive\n\n')).then(() => undefined, () => undefined);
      }, 15_000);
      try {
        const resolved = await resolve(request, controller.signal, (event) => {
          if (event.type !== 'done') send(event.type, presentEvent(event));
        });
        if (!resolved.fresh) {
          // Someone else's run answered: replay what it found, in the order it happened.
          send('link', presentEvent({ type: 'link', link: sharedLink(resolved.report, request.input) }));
          for (const attempt of resolved.report.attempts) send('attempt-end', presentEvent({ type: 'attempt-end', attempt }));
        }
        send('report', await finish(resolved, request.input));
      } catch (error) {
        send('error', toErrorResponse(toTiksaverError(error)).body);
      } finally {
        clearInterval(heartbeat);
      }
      await writes;
    });
  };
}
