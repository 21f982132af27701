/**
 * Media bodies go from the CDN socket to the client socket without a web stream between
 * them (issue 18). A route returns mediaResponse(body, init): an ordinary Response that
 * every middleware can add headers to. When the app runs on @hono/node-server,
 * withDirectBodies() takes such a response after the middleware, writes its status and
 * headers itself and streams the body with core's streamToResponse: fixed slabs reused once
 * the socket has flushed them, the upstream paused while the client is slow, stopped when
 * it leaves. Elsewhere (app.request() in tests) the Response's own lazy stream is used.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { streamToResponse, toTiksaverError } from '@tiksaver/core';

const direct = new WeakMap<ReadableStream, Readable>();

export function mediaResponse(body: Readable, init: ResponseInit): Response {
  let reader: AsyncIterator<Buffer> | undefined;
  // highWaterMark 0: nothing is read before someone asks, so the direct path can still take the body.
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        const next = await reader.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      cancel() {
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
  direct.set(stream, body);
  return new Response(stream, init);
}

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * A failed write is the client's socket going away (EPIPE, or ECONNRESET on a write), not
 * the upstream failing: read from the system error's code and syscall, wherever in the
 * cause chain core's wrapping put it.
 */
function isClientWriteFailure(error: unknown): boolean {
  let e = error as { code?: string; syscall?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (e.code === 'EPIPE' || (e.code === 'ECONNRESET' && e.syscall === 'write')) return true;
  }
  return false;
}

/** Wraps the app's fetch for @hono/node-server (env.outgoing is its ServerResponse). */
export function withDirectBodies(fetch: Fetch): Fetch {
  return async (request, env) => {
    const response = await fetch(request, env);
    const body = response.body ? direct.get(response.body) : undefined;
    const outgoing = (env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!body || !outgoing || outgoing.headersSent) return response;
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
    });
    outgoing.writeHead(response.status, headers);
    streamToResponse(body, outgoing).catch((error: unknown) => {
      // The upstream or the client failed mid-stream: the only honest signal left is a cut
      // connection, with one log line (no stack) unless the client itself went away.
      const e = toTiksaverError(error, 'DOWNLOAD_FAILED');
      const clientGone = request.signal.aborted || outgoing.destroyed || isClientWriteFailure(error);
      if (e.code !== 'CANCELLED' && !clientGone) console.warn(`[tiksaver web] media cut short: ${e.code}: ${e.message}`);
      outgoing.destroy();
    });
    return RESPONSE_ALREADY_SENT;
  };
}
