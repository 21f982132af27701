/**
 * Which address a request comes from, for the rate limits. Without a proxy it is the
 * socket's peer. Behind reverse proxies (TIKSAVER_TRUST_PROXY=1), X-Forwarded-For is read
 * from the RIGHT: each proxy appends the address it saw, so the left-most entries are
 * whatever the client chose to send (taking the first let 300 of 300 spoofed requests
 * through a 30/min limit). The key is the right-most address that is not one of our own
 * proxies: the socket peer, plus TIKSAVER_TRUSTED_PROXIES (addresses or CIDR ranges).
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export interface ClientAddressOptions {
  /** Honour X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /**
   * Addresses or CIDR ranges of further proxies in front of the app (e.g. a CDN and a
   * load balancer). The socket peer is trusted whenever trustProxy is on.
   */
  trustedProxies?: readonly string[];
}

/** ::ffff:1.2.3.4 -> 1.2.3.4; strips brackets and an IPv4 port; '' when not an address. */
export function normalizeAddress(raw: string): string {
  let value = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1]!;
  return isIP(value) ? value.toLowerCase() : '';
}

/** Parses TIKSAVER_TRUSTED_PROXIES entries; throws a readable error on a bad one. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`TIKSAVER_TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`TIKSAVER_TRUSTED_PROXIES: bad prefix in "${entry}"`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

function isListed(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address from the peer and the X-Forwarded-For chain (pure, for tests).
 * Walks from the right past trusted hops; the first untrusted entry is the client. A
 * garbage entry stops the walk: nothing left of it can be believed.
 */
export function pickClientAddress(peer: string, forwardedFor: string | undefined, options: { trustProxy: boolean; trusted: BlockList }): string {
  const peerAddress = normalizeAddress(peer) || peer || 'unknown';
  if (!options.trustProxy || !forwardedFor) return peerAddress;
  const hops = forwardedFor.split(',').map((entry) => entry.trim()).filter(Boolean);
  let client = peerAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    const address = normalizeAddress(hops[i]!);
    if (!address) return client === peerAddress ? `invalid:${hops[i]!.slice(0, 64)}` : client;
    client = address;
    if (!isListed(options.trusted, address)) return address;
  }
  return client;
}

export function createClientAddress(options: ClientAddressOptions = {}): (c: Context) => string {
  const trusted = trustedProxyList(options.trustedProxies ?? []);
  const trustProxy = options.trustProxy ?? false;
  return (c) => {
    let peer = 'unknown';
    try {
      peer = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // not on a Node socket (app.fetch in a test)
    }
    return pickClientAddress(peer, c.req.header('x-forwarded-for'), { trustProxy, trusted });
  };
}
