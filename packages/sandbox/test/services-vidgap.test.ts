import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, type Reply } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['vidgap', 'tiktok-cdn'] });
});
afterAll(() => sb.close());
afterEach(() => sb.control('vidgap', 'normal'));

const TREE = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}, null, null, 0] }, null, null, 16]));

interface Site {
  cookie: string;
  chunks: string[];
  actionId: string;
}

/** Warm-up + discovery as services.md §4a describes it, written independently of the provider. */
async function discover(): Promise<Site> {
  const home = await fetchVia(sb, 'https://vidgap.com/');
  const chunks = [...home.text.matchAll(/<script src="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let actionId = '';
  for (const path of chunks) {
    const js = (await fetchVia(sb, `https://vidgap.com${path}`)).text;
    const m = /createServerReference\)\("([0-9a-f]{42})",[^)]*"findContentActionsQueue"\)/.exec(js);
    if (m) actionId = m[1]!;
  }
  return { cookie: cookieHeader(home.headers['set-cookie']), chunks, actionId };
}

function action(site: Site, arg: Record<string, unknown>, actionId = site.actionId): Promise<Reply> {
  return fetchVia(sb, 'https://vidgap.com/', {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      'next-action': actionId,
      'next-router-state-tree': TREE,
      referer: 'https://vidgap.com/',
      cookie: site.cookie,
    },
    body: JSON.stringify([{ agent: 'Web', amplified: false, platform: 'tiktok', tab: 'video', ...arg }]),
  });
}

function row1(reply: Reply): Record<string, any> | undefined {
  const line = reply.text.split('\n').find((l) => l.startsWith('1:'));
  if (!line) return undefined;
  const value = JSON.parse(line.slice(2));
  return value.data ?? value;
}

describe('vidgap imitation', () => {
  it('serves a Next.js page with a Cloudflare cookie and chunks carrying the action id', async () => {
    const site = await discover();
    expect(site.cookie).toMatch(/^__cf_bm=/);
    expect(site.chunks.length).toBeGreaterThan(3);
    expect(site.actionId).toMatch(/^40[0-9a-f]{40}$/);
  });

  it('answers the action with flight rows, the document in row 1', async () => {
    const site = await discover();
    const s = sb.scenario('video-post');
    const reply = await action(site, { vLink: encodeURIComponent(s.link) });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/x-component');
    expect(reply.text).toMatch(/^0:\{"a":"\$@1"/);
    const doc = row1(reply)!;
    expect(doc).toMatchObject({ processed: true, contentId: s.itemId, username: s.username, desc: s.caption, platform: 'tiktok' });
    for (const key of ['videoURL', 'hdVideoURL', 'wmURL', 'musicURL']) expect(new URL(doc[key]).hostname).toMatch(/tiktokcdn/);
    expect(doc['clientVideoURL'].nonwm).toMatch(/^\/api\/video\/redirect\//);
    expect((await fetchVia(sb, `https://vidgap.com${doc['clientVideoURL'].nonwm}`)).status).toBe(403);
    const file = await fetchVia(sb, doc['videoURL'], { headers: { referer: 'https://www.tiktok.com/' } });
    expect(file.status).toBe(200);
  });

  it('says processed:false with a failureKind for refusals, and needs the story tab for stories', async () => {
    const site = await discover();
    const fail = async (id: string, tab = 'video') => row1(await action(site, { vLink: encodeURIComponent(sb.scenario(id).link), tab }));
    expect(await fail('private-account')).toMatchObject({ processed: false, failureKind: 'private' });
    expect(await fail('age-restricted')).toMatchObject({ processed: false, failureKind: 'age_restricted' });
    expect(await fail('post-deleted')).toMatchObject({ processed: false, failureKind: 'not_found' });
    expect(await fail('story-video')).toMatchObject({ processed: false, failureKind: 'unsupported' });
    expect(await fail('story-video', 'story')).toMatchObject({ processed: true, data_type: 'story' });
    expect(await fail('story-photo', 'story')).toMatchObject({ processed: true, images: [expect.any(String)] });
  });

  it('rotates chunk names and action ids on redeploy; the old id is "not found" as Next.js says it', async () => {
    const before = await discover();
    sb.control('vidgap', 'redeploy');
    const stale = await action(before, { vLink: encodeURIComponent(sb.scenario('video-post').link) });
    expect(stale.status).toBe(404);
    expect(stale.headers['x-nextjs-action-not-found']).toBe('1');
    expect(stale.text).toBe('Server action not found.');
    expect((await fetchVia(sb, `https://vidgap.com${before.chunks[0]}`)).status).toBe(404);
    const after = await discover();
    expect(after.actionId).not.toBe(before.actionId);
    expect(after.chunks).not.toEqual(before.chunks);
    expect((await action(after, { vLink: encodeURIComponent(sb.scenario('video-post').link) })).status).toBe(200);
  });

  it('refuses an action without the warm-up cookie with a Cloudflare challenge', async () => {
    const site = await discover();
    const reply = await action({ ...site, cookie: '' }, { vLink: 'x' });
    expect(reply.status).toBe(403);
    expect(reply.headers['cf-mitigated']).toBe('challenge');
  });

  it('models throttling (no row 1), queue sessions and 502/503 under load', async () => {
    const site = await discover();
    const vLink = encodeURIComponent(sb.scenario('video-post').link);
    sb.control('vidgap', 'throttle');
    expect(row1(await action(site, { vLink }))).toBeUndefined();
    sb.control('vidgap', 'queue');
    expect(row1(await action(site, { vLink }))).toMatchObject({ sessionId: expect.any(String) });
    sb.control('vidgap', 'normal');
    sb.control('vidgap', 'overload:2');
    expect([(await action(site, { vLink })).status, (await action(site, { vLink })).status].sort()).toEqual([502, 503]);
    expect((await action(site, { vLink })).status).toBe(200);
  });
});
