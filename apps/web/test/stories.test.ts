/**
 * POST /api/stories and GET /api/stories/zip against the sandbox (issue 14): the list with
 * every story resolved, Save all as one zip, the "no story" sentence, the private verdict,
 * the shared resolve limit (one resolve per story fetched) and the operator-cookies notice.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '@tiksaver/sandbox';
import type { WebStoryList } from '../shared/types.js';
import { postJson, startWeb, webPerFile, zipNames } from './helpers.js';

const MILA = 'https://www.tiktok.com/@mila.travels';
const fx = webPerFile();

const list = (base: string, input: string) =>
  fetch(`${base}/api/stories`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ input }) });


describe('POST /api/stories', () => {
  it('lists the three current stories, each resolved, and Save all zips them', async () => {
    const res = await list(fx.web.url, MILA);
    expect(res.status).toBe(200);
    const text = await res.text();
    // Nothing of TikTok's CDN reaches the browser: signed same-origin links only.
    expect(text).not.toMatch(/tiktokcdn|tt_chain_token/);
    const body = JSON.parse(text) as WebStoryList;
    expect(body.author.username).toBe('mila.travels');
    expect(body.operatorCookies).toBe(false);
    expect(body.notFetched).toBe(0);
    expect(body.stories.map((s) => s.kind).sort()).toEqual(['photo', 'video', 'video']);
    for (const story of body.stories) {
      expect(story.report?.ok, story.id).toBe(true);
      expect(story.report?.result?.kind).toBe('story');
    }
    expect(body.zipUrl).toMatch(/^\/api\/stories\/zip\?n=mila\.travels&t=/);
    const zip = await fetch(fx.web.url + body.zipUrl!);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-disposition')).toMatch(/mila\.travels_stories\.zip/);
    const names = await zipNames(Buffer.from(await zip.arrayBuffer()));
    for (const id of ['story-video', 'story-photo', 'story-video-2'].map((s) => fx.sandbox.scenario(s).itemId)) {
      expect(names.some((n) => n.startsWith(`mila.travels_${id}`)), `${id} in ${names.join(', ')}`).toBe(true);
    }
    expect(names.filter((n) => n.endsWith('.mp4'))).toHaveLength(2);
  });

  it('takes @name too, and says in one sentence when there is no story now', async () => {
    const body = (await (await list(fx.web.url, '@ana.sketches')).json()) as WebStoryList;
    expect(body.stories).toEqual([]);
    expect(body.sentence).toBe('@ana.sketches has no story up right now (stories last about 24 hours), so there is nothing to save.');
    expect(body.zipUrl).toBeUndefined();
  });

  it('gives a private account its usual verdict', async () => {
    const res = await list(fx.web.url, 'https://www.tiktok.com/@closed.circle');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PRIVATE');
  });

  it('refuses a post link and bad bodies with the usual API errors', async () => {
    const post = await list(fx.web.url, fx.sandbox.scenario('video-post').link);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe('WRONG_LINK_KIND');
    const bad = await fetch(`${fx.web.url}/api/stories`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect(bad.status).toBe(415);
    expect((await fetch(`${fx.web.url}/api/stories/zip?t=nope`)).status).toBe(404);
  });
});

describe('limits and cookies', () => {
  it('counts one resolve per story fetched on the resolve limiter', async () => {
    const sandbox = await startSandbox();
    const web = await startWeb(sandbox, { config: { resolvePerMinute: 2 } });
    try {
      const body = (await (await list(web.url, MILA)).json()) as WebStoryList;
      expect(body.stories.filter((s) => s.report)).toHaveLength(2);
      expect(body.notFetched).toBe(1);
      expect((await postJson(web.url, { input: sandbox.scenario('video-post').link })).status).toBe(429);
      expect((await list(web.url, MILA)).status).toBe(429);
    } finally {
      await web.close();
      await sandbox.close();
    }
  });

  it('uses the operator cookies of TIKSAVER_COOKIES and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiksaver-web-cookies-'));
    const file = join(dir, 'cookies.txt');
    await writeFile(file, '# Netscape HTTP Cookie File\n.tiktok.com\tTRUE\t/\tTRUE\t0\tsessionid\toperator-session\n');
    const sandbox = await startSandbox();
    const web = await startWeb(sandbox, { config: { env: { TIKSAVER_COOKIES: file } } });
    sandbox.control('tiktok', 'stories:login');
    try {
      const body = (await (await list(web.url, MILA)).json()) as WebStoryList;
      expect(body.operatorCookies).toBe(true);
      expect(body.stories).toHaveLength(3);
      const lists = sandbox.log.for('www.tiktok.com').filter((r) => r.path.startsWith('/api/story/item_list/'));
      expect(lists.every((r) => r.cookies?.sessionid === 'operator-session')).toBe(true);
      const services = sandbox.log.all().filter((r) => !/tiktok/.test(r.service ?? ''));
      for (const r of services) expect(String(r.headers.cookie ?? '')).not.toContain('operator-session');
    } finally {
      await web.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
