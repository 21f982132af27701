/** TikTok Lite and comment shares: short links that land on t.tiktok.com/i18n/share/video/ID/ (tiktok-web.md §0). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_LINK_VARIANTS, startSandbox, type Sandbox } from '../src/index.js';
import { DESKTOP_UA, fetchVia } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['tiktok'] });
});
afterAll(() => sb?.close());

describe('short-link variants', () => {
  it.each(SHORT_LINK_VARIANTS.map((v) => [v.lands, v.shortLink, v] as const))('a %s share %s redirects to the i18n share page of the item', async (_lands, shortLink, v) => {
    const reply = await fetchVia(sb, shortLink, { headers: { 'user-agent': DESKTOP_UA } });
    expect([301, 302]).toContain(reply.status);
    const location = new URL(String(reply.headers['location']));
    const s = sb.scenario(v.scenarioId);
    expect(`${location.origin}${location.pathname}`).toBe(`https://t.tiktok.com/i18n/share/video/${s.itemId}/`);
    expect(location.searchParams.get('share_app_id')).toBe('1340');
    if (v.commentId) expect(location.searchParams.get('share_comment_id')).toBe(v.commentId);
  });
});
