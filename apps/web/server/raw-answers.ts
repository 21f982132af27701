/**
 * Answers Node's HTTP layer makes before a request reaches Hono: a malformed request line
 * or headers (400), headers too large (431), a timeout (408), an `Expect` we do not do
 * (417), a missing or malformed Host, and request targets that are not a path (`OPTIONS *`,
 * absolute-form). Node's defaults send these with an empty body; here they get the same
 * JSON error shape as every other answer of the app (api-error.ts).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, toErrorResponse, type WebErrorCode } from './api-error.js';

/** The JSON answers made here carry no page, so the strictest headers fit (security-headers.ts does the rest). */
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'" };

function errorBody(code: WebErrorCode, message: string): string {
  return JSON.stringify(toErrorResponse(new ApiError(code, message)).body);
}

function sendOnResponse(res: ServerResponse, code: WebErrorCode, message: string, extra: Record<string, string> = {}): void {
  const body = errorBody(code, message);
  const status = new ApiError(code, message).status;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** Written straight to the socket: the request never became an IncomingMessage. */
function sendOnSocket(socket: Duplex, code: WebErrorCode, message: string): void {
  const body = errorBody(code, message);
  const status = new ApiError(code, message).status;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}

// Names (underscores allowed: container and compose service names use them), IPv4, or a
// bracketed IPv6 literal, each with an optional port.
const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Checks what Hono cannot: true when the request was answered here. The request target
 * must be a path; `OPTIONS *` (a server-wide capability probe) gets the methods we serve.
 */
export function answeredBeforeRouting(req: IncomingMessage, res: ServerResponse): boolean {
  const target = req.url ?? '';
  if (req.method === 'OPTIONS' && target === '*') {
    const body = JSON.stringify({ ok: true, allow: 'GET, HEAD, POST' });
    res.writeHead(200, { ...SECURITY_HEADERS, Allow: 'GET, HEAD, POST', 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  }
  if (!target.startsWith('/') || target.startsWith('//')) {
    sendOnResponse(res, 'BAD_REQUEST', 'The request target must be a path such as /api/health (this server is not a proxy).', { Connection: 'close' });
    return true;
  }
  const host = req.headers.host;
  if (host === undefined ? req.httpVersion === '1.1' : !HOST.test(host)) {
    sendOnResponse(res, 'BAD_HOST', host === undefined ? 'The request has no Host header.' : 'The Host header is not a valid host name.', { Connection: 'close' });
    return true;
  }
  return false;
}

/** Node's own error answers (parser errors, Expect) in our JSON shape. */
export function installRawAnswers(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    // A response already on its way on this connection cannot be followed by another.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (inFlight?.headersSent) return void socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') return sendOnSocket(socket, 'HEADERS_TOO_LARGE', 'The request headers are too large.');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return sendOnSocket(socket, 'REQUEST_TIMEOUT', 'The request did not arrive in time.');
    sendOnSocket(socket, 'BAD_REQUEST', 'The HTTP request is malformed.');
  });
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    sendOnResponse(res, 'EXPECTATION_FAILED', `Expect: ${String(req.headers.expect).slice(0, 60)} is not supported.`, { Connection: 'close' });
  });
}
