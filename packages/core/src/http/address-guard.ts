/**
 * Address guard: refuse non-public targets (SSRF protection for the web app). Checked on
 * the resolved address of every hop: IP literals before connecting, names inside the
 * socket's DNS lookup so a rebinding answer cannot slip through between check and connect.
 */
import { BlockList, isIP } from 'node:net';
import dns from 'node:dns';
import { TiksaverError } from '../errors.js';

// Two lists: node's BlockList matches IPv4 addresses against IPv6 rules through their
// IPv4-mapped form, so one shared list would make ::ffff:0:0/96 swallow every IPv4 address.
const nonPublic4 = new BlockList();
const nonPublic6 = new BlockList();
// IPv4: unspecified, "this network", private, CGNAT, loopback, link-local, IETF, TEST-NETs,
// benchmarking, multicast, reserved and broadcast.
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic4.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, loopback, IPv4-mapped and IPv4-compatible (they can smuggle any IPv4
// target), documentation, ULA, link-local, site-local (deprecated) and multicast.
for (const [net, prefix] of [
  ['::', 96], ['::ffff:0:0', 96], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) nonPublic6.addSubnet(net, prefix, 'ipv6');

/** true when the address is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !nonPublic4.check(address, 'ipv4') : !nonPublic6.check(address, 'ipv6');
}

export function guardError(host: string, address: string): TiksaverError {
  return new TiksaverError('BLOCKED', `Refused to connect to ${host} (${address}): not a public address`, {
    hint: 'tiksaver only fetches from public internet addresses here (address guard); the link or a redirect pointed at a private or local network.',
    detail: { reason: 'address-guard', host, address },
  });
}

/** Throws for an IP-literal hostname that is not public; names are checked at lookup time. */
export function assertPublicLiteral(hostname: string): void {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host)) throw guardError(host, host);
}

/** Resolves a name up front (used when a proxy does the real DNS) and refuses non-public answers. */
export async function assertPublicName(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return assertPublicLiteral(host);
  const answers = await dns.promises.lookup(host, { all: true });
  for (const { address } of answers) if (!isPublicAddress(address)) throw guardError(host, address);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A net.connect `lookup` that fails the connection when any resolved address is non-public. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(guardError(hostname, bad.address) as unknown as NodeJS.ErrnoException, '');
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}
