import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ResolveReport } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli, startCli, waitFor } from './helpers.js';
import { mediaFile, sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const ffmpegInstalled = () => !spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error;

const fx = sandboxPerFile();

async function freshOut(name: string): Promise<string> {
  const out = join(fx.dir.path, name);
  await mkdir(out, { recursive: true });
  return out;
}

function parseReports(stdout: string) {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ResolveReport & { downloads: Array<{ path: string; bytes: number; resumed: boolean; item: { type: string; watermark?: boolean } }> });
}

describe('saving from the sandbox', () => {
  it('saves a story video whose bytes equal the sandbox media file', async () => {
    const out = await freshOut('story-video');
    const s = scenario(fx.sandbox, 'story-video');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '--json', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const [report] = parseReports(r.stdout);
    expect(report!.ok).toBe(true);
    expect(report!.result!.kind).toBe('story');
    expect(report!.downloads).toHaveLength(1);
    const saved = report!.downloads[0]!;
    expect(saved.path.startsWith(out)).toBe(true);
    const expected = mediaFile(saved.item.watermark ? 'sample-wm.mp4' : 'sample.mp4');
    expect(Buffer.compare(await readFile(saved.path), expected)).toBe(0);
    expect(r.stderr).toMatch(/^saved /m);
    expect(r.stderr).toMatch(/ask the creator before reposting/);
  });

  it('saves every image of a photo story', async () => {
    const out = await freshOut('story-photo');
    const s = scenario(fx.sandbox, 'story-photo');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '--json', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const [report] = parseReports(r.stdout);
    const images = report!.result!.items.filter((i) => i.type === 'image');
    expect(images.length).toBe(s.media.images);
    expect(report!.downloads.filter((d) => d.item.type === 'image')).toHaveLength(images.length);
    const files = await readdir(out);
    expect(files.filter((f) => /\.(jpe?g|webp)$/.test(f))).toHaveLength(images.length);
  });

  it('saves several images of a photo post', async () => {
    const out = await freshOut('photo-post');
    const s = scenario(fx.sandbox, 'photo-post');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '--want', 'image', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const files = (await readdir(out)).filter((f) => !f.endsWith('.part'));
    expect(files).toHaveLength(s.media.images!);
  });

  it('saves the sound only with -x', async () => {
    const out = await freshOut('audio');
    const s = scenario(fx.sandbox, 'story-audio');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '-x', '--audio-format', 'original', '--strategy', 'sequential', '--json', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const [report] = parseReports(r.stdout);
    expect(report!.downloads).toHaveLength(1);
    expect(report!.downloads[0]!.item.type).toBe('audio');
    const bytes = await readFile(report!.downloads[0]!.path);
    expect(Buffer.compare(bytes, mediaFile('music.mp3'))).toBe(0);
  });

  it('-x makes an MP3 from the video when a provider offers no sound file (ffmpeg), else keeps the video and says so', async () => {
    const out = await freshOut('mp3');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '-x', '--provider', 'snaptik', '--json', scenario(fx.sandbox, 'video-post').link], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.code, r.stderr).toBe(0);
    const saved = parseReports(r.stdout)[0]!.downloads[0]!;
    if (ffmpegInstalled()) {
      expect(saved.path).toMatch(/\.mp3$/);
      expect(saved.item.type).toBe('audio');
      const bytes = await readFile(saved.path);
      expect(saved.bytes).toBe(bytes.length);
      // An MPEG audio file: ID3 tag or a frame sync.
      expect(bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)).toBe(true);
      expect(r.stderr).toMatch(/^warning No separate sound track was offered; the sound is taken from the video\.$/m);
    } else {
      expect(saved.path).toMatch(/\.mp4$/);
      expect(r.stderr).toMatch(/^warning .*ffmpeg is not installed/m);
    }
  });

  it('prints a --json report per input that validates against the core schema', async () => {
    const s = scenario(fx.sandbox, 'video-post');
    const r = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', s.link, scenario(fx.sandbox, 'story-expired').link], { env: hermeticEnv(fx.dir.path) });
    const reports = parseReports(r.stdout);
    expect(reports).toHaveLength(2);
    for (const report of reports) expect(() => ResolveReport.parse(report)).not.toThrow();
    expect(reports[0]!.ok).toBe(true);
    expect(reports[1]!.ok).toBe(false);
    expect(reports[1]!.error!.code).toBe('EXPIRED');
    expect(r.stderr).not.toContain('{');
  });

  it('prints media URLs with --print-urls and saves nothing', async () => {
    const out = await freshOut('print-urls');
    const s = scenario(fx.sandbox, 'video-post');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '--print-urls', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const urls = r.stdout.trim().split('\n');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^https?:\/\//);
    expect(await readdir(out)).toHaveLength(0);
  });

  it('--dry-run names the files it would save, and saves nothing', async () => {
    const out = await freshOut('dry-run');
    const s = scenario(fx.sandbox, 'photo-post');
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '--dry-run', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const planned = r.stderr.split('\n').filter((line) => line.startsWith('would-save '));
    expect(planned).toHaveLength(s.media.images ?? 0);
    expect(planned[0]).toBe(`would-save ${join(out, `${s.username}_${s.itemId}_01.jpg`)}`);
    expect(await readdir(out)).toHaveLength(0);
  });

  it('Ctrl-C keeps the .part file (exit 130) and the next run resumes it, byte-identical', async () => {
    const out = await freshOut('resume');
    const s = scenario(fx.sandbox, 'story-video');
    const args = [...sandboxFlags(fx.sandbox), '-P', out, '--json', '--provider', 'native', s.link];
    // --limit-rate keeps the transfer slow enough to interrupt it; with -v the plain
    // progress lines say when a quarter of the file has arrived.
    const slow = startCli([...args, '--limit-rate', '40K', '-v'], { env: hermeticEnv(fx.dir.path) });
    const partPath = async () => (await readdir(out)).find((f) => f.endsWith('.part'));
    await waitFor(async () => /^progress .* [1-9]\d*\/\d+ bytes$/m.test(slow.stderr()));
    slow.child.kill('SIGINT');
    const cut = await slow.result;
    expect(cut.code, cut.stderr).toBe(130);
    expect(cut.stderr).toMatch(/Interrupted/);
    const part = await partPath();
    expect(part).toBeDefined();
    const partSize = (await stat(join(out, part!))).size;

    const r = await runCli(args, { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const saved = parseReports(r.stdout)[0]!.downloads[0]!;
    expect(saved.resumed).toBe(true);
    expect(saved.path).toBe(join(out, part!.replace(/\.part$/, '')));
    const expected = mediaFile(saved.item.watermark ? 'sample-wm.mp4' : 'sample.mp4');
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(expected.length);
    expect(Buffer.compare(await readFile(saved.path), expected)).toBe(0);
    expect((await readdir(out)).some((f) => f.includes('.part'))).toBe(false);
  });

  it('refuses to overwrite an existing file without --force (exit 7)', async () => {
    const out = await freshOut('exists');
    const s = scenario(fx.sandbox, 'video-post');
    const first = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '-o', 'clip.{ext}', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '-o', 'clip.{ext}', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(second.code).toBe(7);
    expect(second.stderr).toMatch(/FILE_EXISTS/);
    expect(second.stderr).toMatch(/--force/);
    const third = await runCli([...sandboxFlags(fx.sandbox), '-P', out, '-o', 'clip.{ext}', '--force', s.link], { env: hermeticEnv(fx.dir.path) });
    expect(third.code, third.stderr).toBe(0);
  });
});
