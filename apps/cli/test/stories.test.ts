/**
 * `tiksaver --stories` against the sandbox (issue 14): the three current stories of
 * @mila.travels in one run, the one-sentence "no story" answer with its exit code, the
 * private verdict, --download-archive run twice, --cookies reaching TikTok's hosts and no
 * other host (sandbox request log), --json, --dry-run, doctor and the profile-link hint.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, sandboxPerFile, scenario } from './sandbox-fixture.js';

const fx = sandboxPerFile();
const MILA = 'https://www.tiktok.com/@mila.travels';
const storyIds = () => ['story-video', 'story-photo', 'story-video-2'].map((id) => scenario(fx.sandbox, id).itemId);

async function freshOut(name: string): Promise<string> {
  const out = join(fx.dir.path, name);
  await mkdir(out, { recursive: true });
  return out;
}

const run = (args: string[]) => runCli([...sandboxFlags(fx.sandbox), '--no-progress', ...args], { env: hermeticEnv(fx.dir.path) });

describe('tiksaver --stories', () => {
  it('saves all three current stories (two clips, one photo) in one run and exits 0', async () => {
    const out = await freshOut('mila');
    const r = await run(['--stories', MILA, '-P', out]);
    expect(r.code, r.stderr).toBe(0);
    const files = await readdir(out);
    for (const id of storyIds()) expect(files.some((f) => f.startsWith(`mila.travels_${id}`)), `${id} in ${files.join(', ')}`).toBe(true);
    expect(files.filter((f) => f.endsWith('.mp4'))).toHaveLength(2);
    expect(files.some((f) => /\.(jpe?g|webp)$/.test(f))).toBe(true);
    expect(files.some((f) => f.endsWith('.part'))).toBe(false);
    expect(r.stderr).toMatch(/^story 1\/3 id=\d+ kind=(video|photo) expires=/m);
    expect(r.stderr).toMatch(/^stories author=mila\.travels saved=3 failed=0 already=0 total=3$/m);
  });

  it('takes @name and -o', async () => {
    const out = await freshOut('mila-live');
    const r = await run(['--stories', '@mila.travels', '-P', out, '-o', '{author}/{kind}-{id}{index}.{ext}']);
    expect(r.code, r.stderr).toBe(0);
    const files = await readdir(join(out, 'mila.travels'));
    for (const id of storyIds()) expect(files.some((f) => f.includes(`story-${id}`))).toBe(true);
  });

  it('says in one sentence that a creator has no story now, saves nothing, exits 9', async () => {
    const out = await freshOut('ana');
    const r = await run(['--stories', 'https://www.tiktok.com/@ana.sketches', '-P', out]);
    expect(r.code).toBe(9);
    expect(r.stderr.trim()).toBe('@ana.sketches has no story up right now (stories last about 24 hours), so there is nothing to save.');
    expect(await readdir(out)).toEqual([]);
  });

  it('gives a private account its usual verdict (PRIVATE, exit 5)', async () => {
    const r = await run(['--stories', 'https://www.tiktok.com/@closed.circle']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^failed PRIVATE /m);
  });

  it('with --download-archive, a second run saves nothing and says the stories were already saved', async () => {
    const out = await freshOut('archive');
    const archive = join(fx.dir.path, 'seen.txt');
    const first = await run(['--stories', MILA, '-P', out, '--download-archive', archive]);
    expect(first.code, first.stderr).toBe(0);
    expect((await readFile(archive, 'utf8')).trim().split('\n').sort()).toEqual(storyIds().map((id) => `tiktok ${id}`).sort());
    const before = (await readdir(out)).sort();
    fx.sandbox.log.clear();
    const second = await run(['--stories', MILA, '-P', out, '--download-archive', archive]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/all 3 current stories of @mila\.travels were already saved/);
    expect((await readdir(out)).sort()).toEqual(before);
    // Nothing was resolved or downloaded: only the profile page and the story list.
    expect(fx.sandbox.log.all().filter((r) => r.service !== 'tiktok')).toEqual([]);
  });

  it('--download-archive works for any save: an archived post is skipped', async () => {
    const out = await freshOut('archive-post');
    const archive = join(fx.dir.path, 'posts.txt');
    const s = scenario(fx.sandbox, 'video-post');
    await writeFile(archive, `tiktok ${s.itemId}\n`);
    const r = await run([s.link, '-P', out, '--download-archive', archive]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^skipped id=\d+ reason=archive/m);
    expect(await readdir(out)).toEqual([]);
  });

  it('--json: one report per story plus a list summary', async () => {
    const out = await freshOut('json');
    const r = await run(['--stories', MILA, '-P', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    for (const report of lines.slice(0, 3)) {
      expect(report.ok).toBe(true);
      expect(report.result.kind).toBe('story');
      expect(report.downloads.length).toBeGreaterThan(0);
      expect(report.story.id).toBe(report.result.id);
    }
    expect(lines[3]).toMatchObject({ type: 'stories', ok: true, author: { username: 'mila.travels' }, saved: 3, failed: 0, skipped: 0 });
    expect(lines[3].stories).toHaveLength(3);
  });

  it('--dry-run lists the stories with their expiry and saves nothing', async () => {
    const out = await freshOut('dry');
    const r = await run(['--stories', MILA, '-P', out, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/^story id=\d+ kind=(video|photo) created=\S+ expires=\S+ url=https:\/\/www\.tiktok\.com\/@mila\.travels\/story\/\d+$/gm)).toHaveLength(3);
    expect(await readdir(out)).toEqual([]);
  });

  it('-a: every line is a profile', async () => {
    const out = await freshOut('batch');
    const list = join(fx.dir.path, 'profiles.txt');
    await writeFile(list, '@mila.travels\n# none here\nhttps://www.tiktok.com/@ana.sketches\n');
    const r = await run(['--stories', '-a', list, '-P', out]);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/saved=3 failed=0/);
    expect(r.stderr).toMatch(/@ana\.sketches has no story up right now/);
  });

  it('refuses a post link with --stories, naming what it takes', async () => {
    const r = await run(['--stories', scenario(fx.sandbox, 'video-post').link]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--stories takes a creator's profile link or @name, not a video link/);
  });
});

describe('a profile link without --stories', () => {
  it('still explains and exits 3 without any request, and names --stories', async () => {
    fx.sandbox.log.clear();
    const r = await run([MILA]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/WRONG_LINK_KIND/);
    expect(r.stderr).toMatch(/^hint-stories tiksaver --stories 'https:\/\/www\.tiktok\.com\/@mila\.travels'$/m);
    expect(fx.sandbox.log.all()).toEqual([]);
  });

  it('doctor mentions --stories', async () => {
    const r = await runCli(['doctor', MILA], { env: hermeticEnv(fx.dir.path, { NO_COLOR: '1' }) });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Stories:\s+tiksaver --stories 'https:\/\/www\.tiktok\.com\/@mila\.travels'  saves @mila\.travels's current stories/);
  });
});

describe('--cookies', () => {
  const COOKIES = [
    '# Netscape HTTP Cookie File',
    '.tiktok.com\tTRUE\t/\tTRUE\t0\tsessionid\tsecret-tiktok-session',
    '.snaptik.app\tTRUE\t/\tFALSE\t0\tsnapsess\tsecret-snaptik',
    '.tikwm.com\tTRUE\t/\tFALSE\t0\twmsess\tsecret-tikwm',
    '.tiktokcdn.com\tTRUE\t/\tFALSE\t0\tcdnpref\tcdn-ok',
  ].join('\n');

  it('a login-wanting story list fails with a hint about --cookies', async () => {
    fx.sandbox.control('tiktok', 'stories:login');
    try {
      const r = await run(['--stories', MILA]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^failed BLOCKED /m);
      expect(r.stderr).toMatch(/^hint .*--cookies FILE/m);
    } finally {
      fx.sandbox.control('tiktok', 'stories:open');
    }
  });

  it("reach TikTok's hosts and no other host (sandbox request log); -v shows names, never values", async () => {
    const out = await freshOut('cookies');
    const file = join(fx.dir.path, 'cookies.txt');
    await writeFile(file, COOKIES);
    fx.sandbox.control('tiktok', 'stories:login');
    fx.sandbox.log.clear();
    try {
      const r = await run(['--stories', MILA, '-P', out, '--cookies', file, '--strategy', 'all', '-v', '--json']);
      expect(r.stdout).toMatch(/"cookie":/i);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^cookies: 2 for TikTok's hosts from .*: sessionid, cdnpref \(2 for other sites or expired: ignored\)$/m);
      expect(r.stderr + r.stdout).not.toMatch(/secret-/);
    } finally {
      fx.sandbox.control('tiktok', 'stories:open');
    }
    const all = fx.sandbox.log.all();
    // TikTok's page hosts (the mobile share page on m., the www page and the story API).
    const tiktok = all.filter((e) => e.host === 'www.tiktok.com' || e.host === 'm.tiktok.com');
    expect(tiktok.length).toBeGreaterThan(3);
    for (const e of tiktok) expect(e.cookies?.sessionid, e.path).toBe('secret-tiktok-session');
    const others = all.filter((e) => !/(^|\.)tiktok\.com$|(^|\.)tiktokcdn(-us)?\.com$/.test(e.host));
    // The download services were asked too (--strategy all), without any of the file's cookies.
    expect(new Set(others.map((e) => e.service)).size).toBeGreaterThan(2);
    for (const e of others) {
      const header = String(e.headers.cookie ?? '');
      expect(header, `${e.host}${e.path}`).not.toMatch(/secret-|sessionid|cdnpref/);
    }
  });

  it('TIKSAVER_COOKIES names the file too', async () => {
    const file = join(fx.dir.path, 'cookies-env.txt');
    await writeFile(file, COOKIES);
    fx.sandbox.control('tiktok', 'stories:login');
    try {
      const r = await runCli([...sandboxFlags(fx.sandbox), '--no-progress', '--stories', MILA, '--dry-run'], { env: hermeticEnv(fx.dir.path, { TIKSAVER_COOKIES: file }) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.match(/^story id=/gm)).toHaveLength(3);
    } finally {
      fx.sandbox.control('tiktok', 'stories:open');
    }
  });
});
