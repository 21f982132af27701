/**
 * Test-side proof that a refused target was never reached:
 * - startTripwire listens on an address a fault points at (127.0.0.2:9 for
 *   `redirect-private`) and counts connections; a correct client makes none;
 * - refuseOffLoopback makes this process refuse any outgoing connection to an address
 *   outside 127.0.0.0/8 and ::1, before connecting, so a guard failure in a test can never
 *   send traffic off the machine.
 */
import net from 'node:net';
import { PRIVATE_REDIRECT_TARGET } from './faults.js';

export interface Tripwire {
  /** Connections that arrived (should stay 0). */
  readonly hits: number;
  /** false when the address could not be bound (e.g. port 9 without root). */
  readonly armed: boolean;
  close(): Promise<void>;
}

export async function startTripwire(target: string = PRIVATE_REDIRECT_TARGET): Promise<Tripwire> {
  const url = new URL(target);
  let hits = 0;
  const server = net.createServer((socket) => {
    hits++;
    socket.destroy();
  });
  const armed = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(Number(url.port || 80), url.hostname.replace(/^\[|\]$/g, ''), () => resolve(true));
  });
  return {
    get hits() {
      return hits;
    },
    armed,
    close: () => new Promise<void>((resolve) => (armed ? server.close(() => resolve()) : resolve())),
  };
}

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/.exec(h);
  return v4 !== null && v4[1] === '127' && net.isIP(h.replace(/^::ffff:/, '')) === 4;
}

export interface OffLoopbackGuard {
  /** Targets that were refused (should stay empty: the product's own guard comes first). */
  readonly refused: string[];
  restore(): void;
}

export function refuseOffLoopback(): OffLoopbackGuard {
  const original = net.connect;
  const refused: string[] = [];
  const patched = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string } | number | string;
    const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
    const isPipe = typeof first === 'object' && first !== null && first.path !== undefined;
    if (!isPipe && host !== undefined && net.isIP(host.replace(/^\[|\]$/g, '')) !== 0 && !isLoopbackAddress(host)) {
      refused.push(host);
      throw new Error(`test guard: refused a connection off loopback to ${host}`);
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.connect;
  net.connect = patched;
  net.createConnection = patched;
  return {
    refused,
    restore() {
      net.connect = original;
      net.createConnection = original;
    },
  };
}
