/**
 * Issue 13 acceptance, end to end through the built CLI: the link forms that are easy to
 * get wrong, Lite and comment shares, tikwm answers without data.id and its two codecs,
 * several links in one argument, and verdicts that never put a service's word as final.
 */
import { readdir } from 'node:fs/promises';
import { ResolveReport } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();
const ID = '7301442875501399339';
const SEC_UID = 'MS4wLjABAAAAzq4dK2hVpLxN8Qe3mYrT1fWcJgB6sUoP0vDlHaEiXnGbZ5yRkC7wS9tIqF4uM2jO';

const doctor = async (input: string) => {
  const r = await runCli(['doctor', '--json', input], { env: hermeticEnv(fx.dir.path) });
  return { code: r.code, d: JSON.parse(r.stdout) as { link: Record<string, unknown>; usable: boolean; code?: string; note?: string; summary: string; hint: string } };
};

describe('doctor on the link forms that are easy to get wrong', () => {
  it.each([
    ['a TikTok Lite share', `https://t.tiktok.com/i18n/share/video/${ID}/?_d=secCgYIASAHKAE&share_app_id=1340`, 'video', ID, /A TikTok post \(id 7301442875501399339\)/],
    ['a Lite comment share', `https://t.tiktok.com/i18n/share/video/${ID}/?share_comment_id=7301460019834725123`, 'video', ID, /comment under a post/],
    ['a secUid video link', `https://www.tiktok.com/@${SEC_UID}/video/${ID}`, 'video', ID, /A TikTok post/],
    ['a foryou share', `https://www.tiktok.com/foryou?is_copy_url=1&is_from_webapp=v1&item_id=${ID}`, 'video', ID, /A TikTok post/],
    ['a trending share', `https://www.tiktok.com/trending?shareId=${ID}`, 'video', ID, /A TikTok post/],
  ])('%s is resolvable, with its kind and id', async (_name, input, kind, id, words) => {
    const { code, d } = await doctor(input);
    expect(code).toBe(0);
    expect(d).toMatchObject({ usable: true, link: { kind, id } });
    expect(d.summary).toMatch(words);
  });

  it.each([
    ['a Lite sound share', 'https://t.tiktok.com/i18n/share/music/7301442901234567890/', 'music', '7301442901234567890', 'WRONG_LINK_KIND', /sound page/],
    ['an old mobile sound share', 'https://m.tiktok.com/h5/share/music/6812345678901234567.html', 'music', '6812345678901234567', 'WRONG_LINK_KIND', /sound page/],
    ['a secUid profile', `https://www.tiktok.com/@${SEC_UID}`, 'profile', undefined, 'WRONG_LINK_KIND', /internal id, not its username/],
    ['a media file on a TikTok host', 'https://v16-webapp-prime.us.tiktok.com/video/tos/useast2a/tos-useast2a-pve-0068/oQAbc/?mime_type=video_mp4&tk=tt_chain_token', 'invalid', undefined, 'INVALID_INPUT', /only works in the browser session that made it/],
    ['an aweme play URL', `https://www.tiktok.com/aweme/v1/play/?item_id=${ID}&video_id=v12044gd0000`, 'invalid', ID, 'INVALID_INPUT', /media file/],
    ['a CDN file', 'https://v19-webapp-prime.tiktokcdn-us.com/8b1c/6553a1f2/video/tos/useast5/x/?mime_type=video_mp4', 'invalid', undefined, 'INVALID_INPUT', /media file/],
    ['a tag in Japanese in share text', '#fypシ ↓ https://www.tiktok.com/tag/fypシ', 'tag', undefined, 'WRONG_LINK_KIND', /#fypシ/],
    ['a search in Korean in share text', '검색 https://www.tiktok.com/search?q=50대 패션', 'search', undefined, 'WRONG_LINK_KIND', /"50대"/],
  ])('%s gets its kind, id and words (exit 3)', async (_name, input, kind, id, errorCode, words) => {
    const { code, d } = await doctor(input);
    expect(code).toBe(3);
    expect(d.link.kind).toBe(kind);
    expect(d.link.id).toBe(id);
    expect(d.code).toBe(errorCode);
    expect(`${d.summary} ${d.hint}`).toMatch(words);
  });

  it('shows a media file link as such, with the fix', async () => {
    const r = await runCli(['doctor', `https://www.tiktok.com/aweme/v1/play/?item_id=${ID}`], { env: hermeticEnv(fx.dir.path) });
    expect(r.stdout).toMatch(/Kind:\s+invalid \(media file link\)/);
    expect(r.stdout).toContain(`https://www.tiktok.com/@_/video/${ID}`);
  });

  it('shows the other links of a share text', async () => {
    const r = await runCli(['doctor', 'https://vm.tiktok.com/ZMhvVid42/ and https://www.tiktok.com/@ana.sketches/photo/7437660142881279278'], { env: hermeticEnv(fx.dir.path) });
    expect(r.stdout).toMatch(/Also:\s+https:\/\/www\.tiktok\.com\/@ana\.sketches\/photo\/7437660142881279278/);
  });

  it.each([
    ['Lite', 'https://vm.tiktok.com/ZMhvLite5/'],
    ['comment', 'https://vt.tiktok.com/ZSlitCmt8/'],
  ])('expands a %s short link to the post with --online', async (_name, link) => {
    const r = await runCli([...sandboxFlags(fx.sandbox), 'doctor', '--online', '--json', link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { link: { kind: string; id: string } };
    expect(d.link).toMatchObject({ kind: 'video', id: scenario(fx.sandbox, 'video-post').itemId });
  });
});

const run = (args: string[]) =>
  runCli([...sandboxFlags(fx.sandbox), '-P', fx.dir.path, '--strategy', 'sequential', ...args], { env: hermeticEnv(fx.dir.path) });

describe('tikwm: no data.id, and both codecs', () => {
  it('saves a post whose tikwm answer has no data.id, picking play (H.264) by default', async () => {
    const s = scenario(fx.sandbox, 'legacy-fields');
    const r = await run(['--provider', 'tikwm', '--json', '-o', 'h264-{id}.{ext}', s.link]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ResolveReport & { downloads: Array<{ item: { url: string; codec?: string } }> };
    expect(out.result?.id).toBe(s.itemId);
    const videos = out.result!.items.filter((i) => i.type === 'video');
    expect(videos.map((v) => v.codec)).toEqual(['h264', 'h265']);
    expect(out.downloads[0]?.item).toMatchObject({ codec: 'h264', url: expect.stringMatching(/\/play\//) });
    expect(await readdir(fx.dir.path)).toContain(`h264-${s.itemId}.mp4`);
  });

  it('picks hdplay (H.265) with --codec h265', async () => {
    const s = scenario(fx.sandbox, 'legacy-fields');
    const r = await run(['--provider', 'tikwm', '--codec', 'h265', '--json', '-o', 'h265-{id}.{ext}', s.link]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ResolveReport & { downloads: Array<{ item: { url: string; codec?: string; quality?: string } }> };
    expect(out.downloads[0]?.item).toMatchObject({ codec: 'h265', url: expect.stringMatching(/\/hdplay\//), quality: expect.stringMatching(/H\.265/) });
    expect(await readdir(fx.dir.path)).toContain(`h265-${s.itemId}.mp4`);
  });
});

describe('several links in one argument', () => {
  it('resolves each, as if given one per line, and says so', async () => {
    const text = `1) ${scenario(fx.sandbox, 'video-post').link} 2) ${scenario(fx.sandbox, 'photo-post').link}`;
    const r = await run(['--dry-run', '--json', text]);
    expect(r.code, r.stderr).toBe(0);
    const reports = r.stdout.trim().split('\n').map((line) => ResolveReport.parse(JSON.parse(line)));
    expect(reports.map((rep) => rep.result?.id)).toEqual([scenario(fx.sandbox, 'video-post').itemId, scenario(fx.sandbox, 'photo-post').itemId]);
    expect(r.stderr).toMatch(/argument 1 holds 2 story or post links; each is resolved in turn/);
  });
});

describe('a service\'s word is never a final verdict', () => {
  it('with --provider snaptik,vidgap a deleted post ends as not found (both asked), never private', async () => {
    const r = await run(['--provider', 'snaptik,vidgap', '--json', '--dry-run', scenario(fx.sandbox, 'post-deleted').link]);
    expect(r.code).toBe(4);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.attempts.filter((a) => a.outcome === 'failed').map((a) => [a.provider, a.error?.code])).toEqual([
      ['snaptik', 'NOT_FOUND'],
      ['vidgap', 'NOT_FOUND'],
    ]);
    expect(report.error).toMatchObject({ code: 'NOT_FOUND', final: false });
    expect(report.error?.message).toMatch(/2 services say not found/);
    expect(r.stderr).not.toMatch(/PRIVATE/);
  });

  it.each(['post-deleted', 'private-account', 'private-post', 'age-restricted', 'story-expired'])(
    'without TikTok (native excluded), %s never ends in a final NOT_FOUND/EXPIRED/PRIVATE',
    async (id) => {
      const r = await run(['--exclude', 'native', '--json', '--dry-run', scenario(fx.sandbox, id).link]);
      const report = ResolveReport.parse(JSON.parse(r.stdout));
      expect(report.ok).toBe(false);
      if (['NOT_FOUND', 'EXPIRED', 'PRIVATE', 'AGE_RESTRICTED'].includes(report.error!.code)) expect(report.error?.final).toBe(false);
      expect(report.error?.message).toMatch(/TikTok itself was not asked/);
    },
  );
});

