/**
 * Issue 17 item 6: rate limits under bursts, with and without trusted proxies. Behind a
 * proxy that appends the address it saw, the client picks every entry left of it; only the
 * right-most untrusted entry is believed, so spoofed left-most entries do not multiply the
 * limit (before the fix, 300 of 300 spoofed requests passed a 30/min limit).
 */
import { describe, expect, it } from 'vitest';
import { pickClientAddress, trustedProxyList } from '../../server/client-address.js';
import { readWebConfig } from '../../server/config.js';
import { postJson, webPerFile } from '../helpers.js';

const LIMIT = 10;
const BURST = 60;

async function burst(base: string, headers: (i: number) => Record<string, string>): Promise<number> {
  const statuses = await Promise.all(
    Array.from({ length: BURST }, (_, i) => postJson(base, { input: 'not a link' }, headers(i)).then(async (res) => (await res.arrayBuffer(), res.status))),
  );
  expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
  return statuses.filter((s) => s !== 429).length;
}

describe('without trust proxy', () => {
  const fx = webPerFile({ config: { resolvePerMinute: LIMIT } });
  it('X-Forwarded-For is ignored: a burst gets exactly the limit', async () => {
    expect(await burst(fx.web.url, (i) => ({ 'X-Forwarded-For': `127.9.${i}.1` }))).toBe(LIMIT);
  });
});

describe('with TIKSAVER_TRUST_PROXY=1', () => {
  const fx = webPerFile({ config: { resolvePerMinute: LIMIT, trustProxy: true } });
  it('spoofed left-most entries do not get past the limit (the proxy appended the real address)', async () => {
    expect(await burst(fx.web.url, (i) => ({ 'X-Forwarded-For': `127.8.${i}.1, 127.0.0.77` }))).toBe(LIMIT);
  });
  it('different real clients each get their own limit', async () => {
    const a = await burst(fx.web.url, () => ({ 'X-Forwarded-For': '127.0.0.91' }));
    const b = await burst(fx.web.url, () => ({ 'X-Forwarded-For': '127.0.0.92' }));
    expect([a, b]).toEqual([LIMIT, LIMIT]);
  });
});

describe('with TIKSAVER_TRUSTED_PROXIES (two proxy hops)', () => {
  const fx = webPerFile({ config: { resolvePerMinute: LIMIT, trustProxy: true, trustedProxies: ['127.0.0.200/30'] } });
  it('skips the trusted hop and limits the client before it', async () => {
    expect(await burst(fx.web.url, (i) => ({ 'X-Forwarded-For': `127.7.${i}.1, 127.0.0.55, 127.0.0.201` }))).toBe(LIMIT);
  });
});

describe('pickClientAddress', () => {
  const none = trustedProxyList([]);
  const two = trustedProxyList(['127.0.0.200/30', '::1']);
  it.each([
    ['no proxy trust: the peer', '127.0.0.1', '127.0.0.9', false, none, '127.0.0.1'],
    ['one proxy: the right-most entry', '127.0.0.1', '127.6.6.6, 127.0.0.9', true, none, '127.0.0.9'],
    ['trusted hops are skipped', '127.0.0.1', '127.6.6.6, 127.0.0.9, 127.0.0.201', true, two, '127.0.0.9'],
    ['IPv4-mapped and ports are normalised', '::ffff:127.0.0.1', '127.0.0.9:5555', true, none, '127.0.0.9'],
    ['bracketed IPv6 with a port', '127.0.0.1', '[::1]:443', true, none, '::1'],
    ['garbage right-most entry is its own key', '127.0.0.1', '127.0.0.9, nonsense', true, none, 'invalid:nonsense'],
    ['garbage left of a good entry is never reached', '127.0.0.1', 'nonsense, 127.0.0.9', true, none, '127.0.0.9'],
    ['every hop trusted: the left-most', '127.0.0.1', '127.0.0.202, 127.0.0.201', true, two, '127.0.0.202'],
    ['no header: the peer', '127.0.0.1', undefined, true, none, '127.0.0.1'],
  ] as const)('%s', (_name, peer, xff, trustProxy, trusted, expected) => {
    expect(pickClientAddress(peer, xff, { trustProxy, trusted })).toBe(expected);
  });
  it('refuses a bad TIKSAVER_TRUSTED_PROXIES entry', () => {
    expect(() => trustedProxyList(['not-an-ip'])).toThrow(/TIKSAVER_TRUSTED_PROXIES/);
    expect(() => trustedProxyList(['127.0.0.1/99'])).toThrow(/prefix/);
  });
});

describe('settings', () => {
  it('TIKSAVER_TRUSTED_PROXIES turns trust-proxy on and is parsed; a bad entry stops the start', () => {
    const config = readWebConfig([], { TIKSAVER_TRUSTED_PROXIES: '127.0.0.200/30, ::1' });
    expect(config.trustProxy).toBe(true);
    expect(config.trustedProxies).toEqual(['127.0.0.200/30', '::1']);
    expect(readWebConfig([], {}).trustProxy).toBe(false);
    expect(() => readWebConfig([], { TIKSAVER_TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/TIKSAVER_TRUSTED_PROXIES/);
  });
  it('TIKSAVER_FFMPEG_MAX sets the MP3 queue width (default 2)', () => {
    expect(readWebConfig([], {}).ffmpegConcurrency).toBe(2);
    expect(readWebConfig([], { TIKSAVER_FFMPEG_MAX: '4' }).ffmpegConcurrency).toBe(4);
  });
});
