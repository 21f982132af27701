/**
 * Issue 17 item 9: MP3 conversions are queued, never more ffmpeg processes at once than
 * configured (TIKSAVER_FFMPEG_MAX; 40 requests once ran 25 at once), and every queued one
 * still completes.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createMp3Converter } from '../../server/mp3.js';
import { postJson, webPerFile } from '../helpers.js';

const ffmpegInstalled = !spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error;
const converter = createMp3Converter({ maxConcurrent: 2 });

describe.runIf(ffmpegInstalled)('ffmpeg queue', () => {
  const fx = webPerFile({ deps: { mp3: converter } });
  it('runs at most 2 conversions at once for 6 parallel requests, and all 6 succeed', async () => {
    const res = await postJson(fx.web.url, { input: fx.sandbox.scenario('video-post').link, providers: ['native'] });
    const report = (await res.json()) as { result: { items: Array<{ type: string; downloadUrl: string }> } };
    const video = report.result.items.find((item) => item.type === 'video')!;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, converter.running)), 2);
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => fetch(`${fx.web.url}${video.downloadUrl}?format=mp3`).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength }))),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.type).toBe('audio/mpeg');
        expect(answer.bytes).toBeGreaterThan(0);
      }
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(2);
  });
});
