/**
 * POST /api/resolve { input, want?, providers?, strategy? }
 * Accept: text/event-stream -> `link`, `attempt-start`, `attempt-end` events, then `report`.
 * Otherwise -> the report as JSON (status 200 when ok, else the verdict's HTTP status).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { Strategy, Want, toTiksaverError, type ResolveEvent, type ResolveReport, type Resolver } from '@tiksaver/core';
import { ApiError, statusForCode, toErrorResponse } from './api-error.js';
import { mp3Available } from './mp3.js';
import { presentEvent, presentReport } from './present.js';
import type { ReportCache } from './report-cache.js';
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
  cache: ReportCache;
}

export function newReportId(): string {
  return randomBytes(12).toString('base64url');
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

export function createResolveHandler({ resolver, signer, cache }: ResolveRouteDeps) {
  const knownProviders = new Set(resolver.providers.map((p) => p.id));

  const run = (request: ResolveRequest, signal: AbortSignal, onEvent?: (event: ResolveEvent) => void): Promise<ResolveReport> =>
    resolver.resolve(request.input, {
      ...(request.want && { want: request.want }),
      ...(request.providers && { providers: request.providers }),
      ...(request.strategy && { strategy: request.strategy }),
      signal,
      ...(onEvent && { onEvent }),
    });

  const finish = async (report: ResolveReport) => {
    const id = newReportId();
    if (report.ok) cache.set(id, report);
    return presentReport(report, { reportId: id, signer, mp3: await mp3Available() });
  };

  return async (c: Context) => {
    const request = await readRequest(c, knownProviders);
    const signal = c.req.raw.signal;

    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      const report = await run(request, signal);
      const status = report.ok || !report.error ? 200 : statusForCode(report.error.code);
      return c.json(await finish(report), status as 200);
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
        const report = await run(request, controller.signal, (event) => {
          if (event.type !== 'done') send(event.type, presentEvent(event));
        });
        send('report', await finish(report));
      } catch (error) {
        send('error', toErrorResponse(toTiksaverError(error)).body);
      } finally {
        clearInterval(heartbeat);
      }
      await writes;
    });
  };
}
