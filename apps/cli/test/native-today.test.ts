/**
 * `tiksaver --provider native` against the default sandbox, which imitates today's TikTok
 * (reference tiktok-web.md §0: a plain desktop client gets a stub, the mobile page has the
 * data, CDN URLs work only with the page session): issue 12's acceptance, end to end
 * through the built CLI. The last test checks the sandbox's CDN counters over the whole
 * file: no HEAD/OPTIONS reached a media host, and every session-bound GET carried its
 * page session.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResolveReport } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { mediaFile, sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const ffmpegInstalled = !spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error;
const fx = sandboxPerFile();

type Saved = ResolveReport & { downloads: Array<{ path: string; bytes: number; item: { type: string; ext: string } }> };

async function save(name: string, args: string[]): Promise<{ code: number | null; stderr: string; report: Saved }> {
  const out = join(fx.dir.path, name);
  await mkdir(out, { recursive: true });
  const r = await runCli([...sandboxFlags(fx.sandbox), '--provider', 'native', '-P', out, '--json', ...args], { env: hermeticEnv(fx.dir.path) });
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout.trim().split('\n')[0] ?? '{}') as Saved };
}

const hasAudioStream = (path: string) =>
  spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', path], { encoding: 'utf8' }).stdout.includes('audio');

describe('native on today\'s TikTok saves', () => {
  it('a story clip: video with sound, from the mobile page', async () => {
    const { code, stderr, report } = await save('story-video', [scenario(fx.sandbox, 'story-video').link]);
    expect(code, stderr).toBe(0);
    expect(report.result!.kind).toBe('story');
    const [clip] = report.downloads;
    expect(clip!.item.type).toBe('video');
    expect(Buffer.compare(await readFile(clip!.path), mediaFile('sample.mp4'))).toBe(0);
    if (ffmpegInstalled) expect(hasAudioStream(clip!.path)).toBe(true);
    expect((report.attempts[0]!.detail?.routes as Array<{ route: string; held: string }>)[0]).toMatchObject({ route: 'mobile-share', held: 'data' });
  });

  it('a story photo as a JPEG', async () => {
    const { code, stderr, report } = await save('story-photo', [scenario(fx.sandbox, 'story-photo').link]);
    expect(code, stderr).toBe(0);
    const images = report.downloads.filter((d) => d.item.type === 'image');
    expect(images).toHaveLength(1);
    expect(images[0]!.path).toMatch(/\.jpg$/);
    expect((await readFile(images[0]!.path)).subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });

  it('a sound-only story as MP3 with -x', async () => {
    const { code, stderr, report } = await save('story-audio', ['-x', scenario(fx.sandbox, 'story-audio').link]);
    expect(code, stderr).toBe(0);
    expect(report.downloads).toHaveLength(1);
    expect(report.downloads[0]!.path).toMatch(/\.mp3$/);
    const head = (await readFile(report.downloads[0]!.path)).subarray(0, 3);
    expect(head.toString('latin1') === 'ID3' || (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)).toBe(true);
  });

  it('a 12-image photo post', async () => {
    const s = scenario(fx.sandbox, 'photo-post');
    expect(s.media.images).toBe(12);
    const { code, stderr, report } = await save('photo-post', [s.link]);
    expect(code, stderr).toBe(0);
    const images = report.downloads.filter((d) => d.item.type === 'image');
    expect(images).toHaveLength(12);
    for (const image of images) expect((await readFile(image.path)).subarray(0, 3).toString('hex')).toBe('ffd8ff');
  });

  it('an ordinary video post', async () => {
    const { code, stderr, report } = await save('video-post', [scenario(fx.sandbox, 'video-post').link]);
    expect(code, stderr).toBe(0);
    expect(report.result!.kind).toBe('video');
    expect(Buffer.compare(await readFile(report.downloads[0]!.path), mediaFile('sample.mp4'))).toBe(0);
  });

  it('a video reached through share text with a short link', async () => {
    const s = scenario(fx.sandbox, 'video-post');
    const text = `¡Echa un vistazo a este TikTok que encontré!  ${s.shortLink}`;
    const { code, stderr, report } = await save('share-text', [text]);
    expect(code, stderr).toBe(0);
    expect(report.result!.id).toBe(s.itemId);
    expect(report.downloads[0]!.item.type).toBe('video');
  });
});

describe('native on today\'s TikTok ends with the right verdict', () => {
  it.each([
    ['post-deleted', 'NOT_FOUND', 4, /deleted, expired, or hidden from this network/],
    ['private-account', 'PRIVATE', 5, /private/i],
    ['private-post', 'PRIVATE', 5, /private/i],
    ['age-restricted', 'AGE_RESTRICTED', 5, /age/i],
    ['region-blocked', 'REGION_BLOCKED', 6, /region/i],
    ['story-expired', 'EXPIRED', 4, /expired/i],
  ] as const)('%s: %s, exit %i, with a hint', async (id, code, exit, words) => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--provider', 'native', '-P', fx.dir.path, '--json', scenario(fx.sandbox, id).link], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.code, r.stderr).toBe(exit);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.error?.code).toBe(code);
    expect(report.error?.hint.length).toBeGreaterThan(20);
    const native = report.attempts.find((a) => a.provider === 'native')!.error!;
    const words_ = `${report.error?.message} ${report.error?.hint} ${native.message} ${native.hint}`;
    expect(words_).toMatch(words);
    expect(r.stderr).toMatch(/^hint /m);
    // The 10204 wording claims no IP ban (tiktok-web.md §0: the code is disputed).
    expect(words_).not.toMatch(/IP (address )?(is )?(banned|blocked)/i);
  });
});

describe('the routes tried are shown', () => {
  it('-v prints one routes line for native', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--provider', 'native', '-v', '--dry-run', scenario(fx.sandbox, 'video-post').link], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^routes native mobile page: ok$/m);
  });

  it('--compare names each route and what it held', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--compare', '--provider', 'native', scenario(fx.sandbox, 'post-deleted').link], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.stdout, r.stderr).toMatch(/native routes: mobile page: status 10204; www page \(mobile\): status 10204; desktop page: stub; desktop page \(browser TLS\): (stub|skipped)/);
  });
});

describe('the page session reached the CDN', () => {
  it('no HEAD or OPTIONS reached a media host, and every session-bound GET carried its page session', () => {
    const counters = fx.sandbox.mediaCounters();
    expect(counters.head).toBe(0);
    expect(counters.options).toBe(0);
    expect(counters.withoutPageSession).toBe(0);
    expect(counters.withPageSession).toBeGreaterThan(15);
  });
});
