/** The committed media files are real: ffprobe reads them (skipped with a message when ffprobe is missing). */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEDIA_DIR } from '../src/index.js';

function hasFfprobe(): boolean {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probe = (file: string) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', MEDIA_DIR + file], { encoding: 'utf8' })) as {
    streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
    format: { duration?: string };
  };

const available = hasFfprobe();
if (!available) console.warn('media.test: ffprobe not installed (apt-get install -y ffmpeg); skipping the ffprobe checks');

describe.skipIf(!available)('media files (ffprobe)', () => {
  it('sample.mp4 and sample-wm.mp4 are H.264 + AAC, 576x1024, a few seconds', () => {
    for (const file of ['sample.mp4', 'sample-wm.mp4']) {
      const info = probe(file);
      const video = info.streams.find((s) => s.codec_type === 'video')!;
      expect(video.codec_name).toBe('h264');
      expect([video.width, video.height]).toEqual([576, 1024]);
      expect(info.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
      expect(Number(info.format.duration)).toBeGreaterThan(2);
    }
  });

  it('music.mp3 is MP3 audio', () => {
    expect(probe('music.mp3').streams[0]!.codec_name).toBe('mp3');
  });

  it('images decode as JPEG and WebP of 540x720', () => {
    for (let i = 1; i <= 6; i++) {
      const jpg = probe(`image-${i}.jpg`).streams[0]!;
      expect(jpg.codec_name).toBe('mjpeg');
      expect([jpg.width, jpg.height]).toEqual([540, 720]);
      expect(probe(`image-${i}.webp`).streams[0]!.codec_name).toBe('webp');
    }
  });
});

describe('media files (size)', () => {
  it('stay small', () => {
    for (const f of readdirSync(MEDIA_DIR)) expect(statSync(MEDIA_DIR + f).size, f).toBeLessThan(300 * 1024);
  });
});
