/**
 * Fault injection, applied by the framework before (or around) a virtual service's handler.
 * Faults are registered per host (exact name, '*.suffix' pattern, service id or '*'), may be
 * limited to a path prefix and to the next N requests, and can also be asked for on one
 * request with `?__fault=<kind>` or an `x-sandbox-fault: <kind>` header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { capture, drip, sendOversize, sendTransformed } from './fault-responses.js';
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
  'short-length',
];

/** Where `redirect-private` points: loopback, but not mapped by the sandbox's host map. */
export const PRIVATE_REDIRECT_TARGET = 'http://127.0.0.2:9/';

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
      // A Location at an unmapped loopback address: the address guard must refuse it like any
      // private address. Loopback, so a client that fails to refuse still never leaves the machine.
      res.writeHead(302, { Location: PRIVATE_REDIRECT_TARGET, 'Content-Length': 0 }).end();
      return;
    case 'oversize':
      sendOversize(res, fault.value ?? 64 * 1024 * 1024);
      return;
    case 'slow':
      drip(res, fault.value ?? 2048, t.timers);
      return t.handler();
    case 'stall':
    case 'truncate':
    case 'short-length':
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
