import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWafChallenge, solveWafChallenge, wafCookies } from '../src/native/waf-challenge.js';
import { wafPage } from './native-fixtures.js';

function decodeCookie(setCookie: string): { name: string; value: any; attrs: string } {
  const [pair, ...attrs] = setCookie.split('; ');
  const eq = pair!.indexOf('=');
  return { name: pair!.slice(0, eq), value: JSON.parse(Buffer.from(pair!.slice(eq + 1), 'base64').toString()), attrs: attrs.join('; ') };
}

describe('WAF challenge', () => {
  it('solves a cheap puzzle inline and answers with the #wci cookie on .tiktok.com', async () => {
    const challenge = await parseWafChallenge(wafPage(1234));
    expect(challenge.cookieName).toBe('_wafchallengeid');
    const answer = await solveWafChallenge(challenge);
    expect(answer).toBe(1234);
    const [cookie] = wafCookies(challenge, answer, 'www.tiktok.com');
    const decoded = decodeCookie(cookie!);
    expect(decoded.name).toBe('_wafchallengeid');
    expect(decoded.value.d).toBe(Buffer.from('1234').toString('base64'));
    expect(decoded.value.v.a).toBe(challenge.data.v && (challenge.data.v as any).a);
    expect(decoded.attrs).toContain('Domain=.tiktok.com');
  });

  it('solves a costly puzzle in a worker thread', async () => {
    const challenge = await parseWafChallenge(wafPage(654_321));
    expect(await solveWafChallenge(challenge)).toBe(654_321);
  });

  it('sets the optional #rci cookie from #rs', async () => {
    const challenge = await parseWafChallenge(wafPage(7, { extra: true }));
    const cookies = wafCookies(challenge, 7, 'www.tiktok.com');
    expect(cookies[1]).toMatch(/^waforiginalreid=orig-123; Path=\/; Domain=\.tiktok\.com$/);
  });

  it('gives up with BLOCKED when no answer exists within 1e6 tries', async () => {
    const challenge = await parseWafChallenge(wafPage(5));
    challenge.expected = createHash('sha256').update('no such answer').digest();
    await expect(solveWafChallenge(challenge)).rejects.toMatchObject({ code: 'BLOCKED' });
  });

  it('stops the worker when aborted', async () => {
    const challenge = await parseWafChallenge(wafPage(999_999));
    const controller = new AbortController();
    const pending = solveWafChallenge(challenge, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports a challenge without its puzzle as UPSTREAM_CHANGED', async () => {
    await expect(parseWafChallenge('<div id="wci" class="x"></div>')).rejects.toMatchObject({ code: 'UPSTREAM_CHANGED' });
  });
});
