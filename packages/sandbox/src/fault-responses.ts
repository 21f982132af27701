/**
 * Response plumbing for faults that rewrite or pace what a handler sends: capture (for
 * truncate, stall, short-length, malformed, schema-drift), drip (slow) and an oversize body.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { driftBody, malformBody } from './fault-bodies.js';
import type { Fault } from './types.js';

export function sendOversize(res: ServerResponse, total: number): void {
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
export interface Captured {
  status: number;
  body: Buffer;
}

/** Swallows what the handler writes so a fault can rewrite it. */
export function capture(res: ServerResponse): Promise<Captured> {
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

export function sendTransformed(res: ServerResponse, fault: Fault, out: Captured): void {
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
  if (fault.kind === 'short-length') {
    // Declare about half, send all of it: a client that trusts the length saves a short file.
    res.setHeader('Content-Length', Math.floor(out.body.length / 2));
    res.writeHead(out.status);
    res.end(out.body);
    return;
  }
  const body = fault.kind === 'malformed' ? malformBody(out.body, type) : driftBody(out.body, type, fault.value ?? 1);
  res.removeHeader('Content-Length');
  res.setHeader('Content-Length', body.length);
  res.writeHead(out.status);
  res.end(body);
}

/** Throttles everything the handler writes to `bytesPerSec`. */
export function drip(res: ServerResponse, bytesPerSec: number, timers: Set<NodeJS.Timeout>): void {
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
