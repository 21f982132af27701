/**
 * Fault injection, applied by the framework before (or around) a virtual service's handler.
 * Faults are registered per host (exact name, '*.suffix' pattern, service id or '*'), may be
 * limited to a path prefix and to the next N requests, and can also be asked for on one
 * request with `?__fault=<kind>` or an `x-sandbox-fault: <kind>` header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { driftBody, malformBody } from './fault-bodies.js';
import type { Fault, FaultKind } from './types.js';

export const FAULT_KINDS: readonly FaultKind[] = [
  'hang',
  'slow',
  'status-500',
  'status-503',
  'status-429',
  'reset',
  'truncate',
  'malformed',
  'schema-drift',
  'redirect-loop',
  'redirect-private',
  'oversize',
  'status-403',
  'status-404',
  'stall',
];

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

interface Registered {
  key: string;
  fault: Fault;
  remaining: number;
}

export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return false;
}

export class FaultRegistry {
  private list: Registered[] = [];

  set(key: string, fault: Fault): void {
    if (!isFaultKind(fault.kind)) throw new Error(`unknown fault kind "${String(fault.kind)}" (known: ${FAULT_KINDS.join(', ')})`);
    this.list.push({ key: key.toLowerCase(), fault: { ...fault }, remaining: fault.times ?? Infinity });
  }

  clear(key?: string): void {
    this.list = key ? this.list.filter((r) => r.key !== key.toLowerCase()) : [];
  }

  active(): Array<{ host: string } & Fault> {
    return this.list.map((r) => ({ host: r.key, ...r.fault }));
  }

  /** The fault for this request, if any; counts it against `times`. */
  take(host: string, serviceId: string, path: string): Fault | undefined {
    const found = this.list.find(
      (r) => (r.key === serviceId || hostMatches(r.key, host)) && (!r.fault.path || path.startsWith(r.fault.path)),
    );
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.list = this.list.filter((r) => r !== found);
    return found.fault;
  }
}

/** Per-request fault asked for by query parameter or header. */
export function requestedFault(req: IncomingMessage, url: URL): Fault | undefined {
  const kind = url.searchParams.get('__fault') ?? req.headers['x-sandbox-fault'];
  if (!isFaultKind(kind)) return undefined;
  const value = Number(url.searchParams.get('__faultValue') ?? req.headers['x-sandbox-fault-value']);
  return { kind, ...(Number.isFinite(value) && value > 0 ? { value } : {}) };
}

export interface FaultTarget {
  req: IncomingMessage;
  res: ServerResponse;
  /** Request URL in original (real hostname) form. */
  originalUrl: string;
  /** Runs the service handler (body already read). */
  handler: () => Promise<void>;
  /** Timers to cancel on sandbox close. */
  timers: Set<NodeJS.Timeout>;
}

const errorPage = (status: number, text: string) =>
  `<!DOCTYPE html><html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1><hr><center>Tengine</center></body></html>`;

/** Applies the fault; resolves when the fault owns the response (or the socket is gone). */
export async function applyFault(fault: Fault, t: FaultTarget): Promise<void> {
  const { req, res } = t;
  switch (fault.kind) {
    case 'hang':
      // Never answer; the socket stays open until the client gives up or the sandbox closes.
      return;
    case 'reset': {
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      if (socket.resetAndDestroy) socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    case 'status-500':
      res.writeHead(500, { 'Content-Type': 'text/html' }).end(errorPage(500, 'Internal Server Error'));
      return;
    case 'status-503':
      res
        .writeHead(503, { 'Content-Type': 'text/html', ...(fault.value ? { 'Retry-After': String(fault.value) } : {}) })
        .end(errorPage(503, 'Service Unavailable'));
      return;
    case 'status-429':
      res
        .writeHead(429, { 'Content-Type': 'text/html', 'Retry-After': String(fault.value ?? 5) })
        .end(errorPage(429, 'Too Many Requests'));
      return;
    case 'status-403':
      res.writeHead(403, { 'Content-Type': 'text/plain', 'Content-Length': 13 }).end('Access Denied');
      return;
    case 'status-404':
      res.writeHead(404, { 'Content-Type': 'text/html' }).end(errorPage(404, 'Not Found'));
      return;
    case 'redirect-loop':
      res.writeHead(302, { Location: t.originalUrl, 'Content-Length': 0 }).end();
      return;
    case 'redirect-private':
      // A Location into private address space: clients must refuse it. Nothing here connects to it.
      res.writeHead(302, { Location: 'http://10.0.0.1/', 'Content-Length': 0 }).end();
      return;
    case 'oversize':
      sendOversize(res, fault.value ?? 64 * 1024 * 1024);
      return;
    case 'slow':
      drip(res, fault.value ?? 2048, t.timers);
      return t.handler();
    case 'stall':
    case 'truncate':
    case 'malformed':
    case 'schema-drift': {
      const captured = capture(res);
      await t.handler();
      const out = await captured;
      sendTransformed(res, fault, out);
      return;
    }
  }
}

function sendOversize(res: ServerResponse, total: number): void {
  const unit = Buffer.from('<div class="DivItemContainer"><span>filler filler filler filler filler filler filler</span></div>\n');
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(64 * 1024, total - sent);
      const chunk = Buffer.alloc(n);
      for (let i = 0; i < n; i += unit.length) unit.copy(chunk, i, 0, Math.min(unit.length, n - i));
      sent += n;
      this.push(chunk);
    },
  });
  // No Content-Length: the client must enforce its own cap while reading.
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.write('<!DOCTYPE html><html><head><title>TikTok</title></head><body>');
  res.on('close', () => body.destroy());
  body.pipe(res);
}

type Chunk = Buffer;
interface Captured {
  status: number;
  body: Buffer;
}

/** Swallows what the handler writes so a fault can rewrite it. */
function capture(res: ServerResponse): Promise<Captured> {
  const parts: Chunk[] = [];
  const anyRes = res as unknown as Record<string, unknown>;
  return new Promise((resolve) => {
    const toBuf = (c: unknown, enc?: unknown) =>
      c == null ? undefined : Buffer.isBuffer(c) ? c : Buffer.from(c as string, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8');
    anyRes.writeHead = (status: number, a?: unknown, b?: unknown) => {
      res.statusCode = status;
      const headers = (typeof a === 'object' ? a : b) as Record<string, string | number | string[]> | undefined;
      if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      return res;
    };
    anyRes.flushHeaders = () => {};
    anyRes.write = (c: unknown, enc?: unknown, cb?: unknown) => {
      const b = toBuf(c, enc);
      if (b) parts.push(b);
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') queueMicrotask(done as () => void);
      return true;
    };
    anyRes.end = (c?: unknown, enc?: unknown, cb?: unknown) => {
      const b = typeof c === 'function' ? undefined : toBuf(c, enc);
      if (b) parts.push(b);
      for (const k of ['writeHead', 'flushHeaders', 'write', 'end']) delete anyRes[k];
      resolve({ status: res.statusCode, body: Buffer.concat(parts) });
      const done = [c, enc, cb].find((x) => typeof x === 'function');
      if (typeof done === 'function') queueMicrotask(done as () => void);
      return res;
    };
  });
}

function sendTransformed(res: ServerResponse, fault: Fault, out: Captured): void {
  const type = String(res.getHeader('content-type') ?? '');
  if (fault.kind === 'stall') {
    // Promise everything, deliver half, then keep the connection open and silent.
    res.setHeader('Content-Length', out.body.length);
    res.writeHead(out.status);
    res.write(out.body.subarray(0, Math.floor(out.body.length / 2)));
    return;
  }
  if (fault.kind === 'truncate') {
    // Promise the full length, deliver about half, then cut the connection.
    res.setHeader('Content-Length', out.body.length);
    res.writeHead(out.status);
    const half = out.body.subarray(0, Math.floor(out.body.length / 2));
    res.write(half, () => res.destroy());
    return;
  }
  const body = fault.kind === 'malformed' ? malformBody(out.body, type) : driftBody(out.body, type, fault.value ?? 1);
  res.removeHeader('Content-Length');
  res.setHeader('Content-Length', body.length);
  res.writeHead(out.status);
  res.end(body);
}

/** Throttles everything the handler writes to `bytesPerSec`. */
function drip(res: ServerResponse, bytesPerSec: number, timers: Set<NodeJS.Timeout>): void {
  const realWrite = res.write.bind(res) as (c: Buffer) => boolean;
  const realEnd = res.end.bind(res) as (c?: Buffer) => ServerResponse;
  const queue: Buffer[] = [];
  const HIGH_WATER = 256 * 1024;
  let queued = 0;
  let wantsDrain = false;
  let ending = false;
  let timer: NodeJS.Timeout | undefined;
  const tickMs = 100;
  const perTick = Math.max(1, Math.floor(bytesPerSec / (1000 / tickMs)));
  const pump = () => {
    timer = undefined;
    if (res.destroyed) return;
    let budget = perTick;
    while (budget > 0 && queue.length) {
      const head = queue[0]!;
      if (head.length <= budget) {
        realWrite(head);
        budget -= head.length;
        queued -= head.length;
        queue.shift();
      } else {
        realWrite(head.subarray(0, budget));
        queue[0] = head.subarray(budget);
        queued -= budget;
        budget = 0;
      }
    }
    // Backpressure for piped streams (large synthetic files): ask for more only when drained.
    if (wantsDrain && queued < HIGH_WATER) {
      wantsDrain = false;
      res.emit('drain');
    }
    if (queue.length) schedule();
    else if (ending) realEnd();
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timers.delete(timer!);
      pump();
    }, tickMs);
    timers.add(timer);
  };
  const anyRes = res as unknown as Record<string, unknown>;
  const toBuf = (c: unknown, enc?: unknown) =>
    Buffer.isBuffer(c) ? c : Buffer.from(String(c), typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8');
  anyRes.write = (c: unknown, enc?: unknown) => {
    if (c != null) {
      const b = toBuf(c, enc);
      queue.push(b);
      queued += b.length;
    }
    schedule();
    if (queued >= HIGH_WATER) wantsDrain = true;
    return queued < HIGH_WATER;
  };
  anyRes.end = (c?: unknown, enc?: unknown) => {
    if (c != null && typeof c !== 'function') {
      const b = toBuf(c, enc);
      queue.push(b);
      queued += b.length;
    }
    ending = true;
    schedule();
    return res;
  };
}
