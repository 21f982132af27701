import type { ResolveReport } from '@tiksaver/core';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { AttemptsView } from '../src/ui/attempts-view.js';
import { renderCompare } from '../src/ui/compare-table.js';
import { downgradeWarnings, printSummary } from '../src/ui/summary.js';
import { createTerminal } from '../src/ui/terminal.js';

const plain = pc.createColors(false);

function report(partial: Partial<ResolveReport>): ResolveReport {
  return { input: 'x', link: { kind: 'video', input: 'x' }, ok: true, attempts: [], strategy: 'sequential', totalMs: 1, ...partial };
}

const video = (watermark: boolean | undefined) => ({ type: 'video' as const, url: 'https://cdn/v.mp4', ext: 'mp4', quality: '720p', ...(watermark !== undefined && { watermark }) });

describe('downgrade warnings', () => {
  it('warns when only a watermarked copy came through, naming who failed', () => {
    const r = report({
      attempts: [
        { provider: 'native', outcome: 'failed', error: { code: 'BLOCKED', message: 'waf', hint: 'h', final: false } },
        { provider: 'vidgap', outcome: 'ok' },
      ],
    });
    const [warning] = downgradeWarnings(r, [video(true)]);
    expect(warning).toMatch(/watermarked/);
    expect(warning).toMatch(/native: refused \(bot protection\)/);
  });

  it('says nothing for a clean copy', () => {
    expect(downgradeWarnings(report({}), [video(false)])).toEqual([]);
  });

  it('says when the sound had to come from the video', () => {
    const warnings = downgradeWarnings(report({ want: 'audio' }), [video(false)], [
      { path: '/tmp/a.mp4', bytes: 1, resumed: false, url: 'u', item: video(false) },
    ]);
    expect(warnings[0]).toMatch(/ffmpeg/);
  });

  it('does not blame ffmpeg when the user asked for the original file', () => {
    const warnings = downgradeWarnings(report({ want: 'audio' }), [video(false)], [
      { path: '/tmp/a.mp4', bytes: 1, resumed: false, url: 'u', item: video(false) },
    ], 'original');
    expect(warnings[0]).not.toMatch(/ffmpeg/);
    expect(warnings[0]).toMatch(/--audio-format original/);
  });
});

describe('compare table', () => {
  it('keeps the quality cell to the quality and counts items in plural', () => {
    const videos = [
      { type: 'video' as const, url: 'a', ext: 'mp4', quality: 'original, no watermark, via cobalt tunnel, download within 90 s', watermark: false },
      { type: 'video' as const, url: 'b', ext: 'mp4', quality: 'SD' },
    ];
    const lines = renderCompare(
      report({ provider: 'cobalt', attempts: [{ provider: 'cobalt', outcome: 'ok', durationMs: 5, result: { kind: 'video', id: '1', url: 'u', items: videos } }] }),
      plain,
    );
    expect(lines[1]).toMatch(/^cobalt\s+ok\s+video\s+2 videos\s+original\s+no\s+5 ms$/);
    // Images without a known size: "-", not the word "image" in a quality column.
    const images = [{ type: 'image' as const, url: 'i', ext: 'jpg' }];
    const photo = renderCompare(
      report({ provider: 'vidgap', attempts: [{ provider: 'vidgap', outcome: 'ok', durationMs: 5, result: { kind: 'story', id: '1', url: 'u', items: images } }] }),
      plain,
    );
    expect(photo[1]).toMatch(/^vidgap\s+ok\s+story\s+1 image\s+-\s+-\s+5 ms$/);
  });

  it('has one row per provider with outcome, kind, items, quality, watermark, time and error code', () => {
    const result = { kind: 'story' as const, id: '1', url: 'u', items: [video(false), { type: 'audio' as const, url: 'a', ext: 'mp3' }] };
    const lines = renderCompare(
      report({
        provider: 'native',
        attempts: [
          { provider: 'native', outcome: 'ok', durationMs: 120, result },
          { provider: 'tikwm', outcome: 'skipped', reason: { why: 'link-kind', kind: 'story' } },
          { provider: 'snaptik', outcome: 'failed', durationMs: 900, error: { code: 'NOT_FOUND', message: 'no', hint: 'Stories vanish.', final: false } },
        ],
      }),
      plain,
    );
    expect(lines[0]).toMatch(/^PROVIDER\s+OUTCOME\s+KIND\s+ITEMS\s+BEST QUALITY\s+WATERMARK\s+TIME\s+ERROR$/);
    expect(lines[1]).toMatch(/^native\s+ok\s+story\s+1 video, 1 audio\s+720p\s+no\s+120 ms$/);
    expect(lines[2]).toMatch(/^tikwm\s+skipped\s.*cannot take story links$/);
    expect(lines[3]).toMatch(/^snaptik\s+failed\s.*900 ms\s+NOT_FOUND$/);
    expect(lines.join('\n')).toMatch(/snaptik: not found: no\n\s+Stories vanish\./);
    expect(lines.at(-1)).toMatch(/1 of 3 providers could deliver it; the default chain would use native/);
  });
});

describe('live attempt lines', () => {
  function fakeTerminal() {
    let written = '';
    const stream = { isTTY: true, columns: 100, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const term = createTerminal({ quiet: false, progress: true, verbose: false, env: { TERM: 'xterm' }, stderr: stream, stdout: stream });
    return { term, output: () => written };
  }
  const link = { kind: 'story' as const, input: 'x', url: 'https://www.tiktok.com/@a/story/1', id: '1' };

  it('shows pending rows, then each outcome with its time and reason, redrawn in place', () => {
    const { term, output } = fakeTerminal();
    expect(term.mode).toBe('live');
    const view = new AttemptsView(term);
    view.start(['native', 'snaptik', 'tikwm']);
    view.onEvent({ type: 'link', link });
    expect(output()).toMatch(/native\s+\S*pending/);
    view.onEvent({ type: 'attempt-end', attempt: { provider: 'tikwm', outcome: 'skipped', reason: { why: 'link-kind', kind: 'story' } } });
    view.onEvent({ type: 'attempt-start', provider: 'native', startedAt: new Date().toISOString() });
    view.onEvent({
      type: 'attempt-end',
      attempt: { provider: 'native', outcome: 'failed', durationMs: 1200, error: { code: 'BLOCKED', message: 'WAF page', hint: 'h', final: false } },
    });
    view.onEvent({
      type: 'attempt-end',
      attempt: { provider: 'snaptik', outcome: 'ok', durationMs: 300, result: { kind: 'story', id: '1', url: 'u', items: [video(false)] } },
    });
    view.finish();
    const frames = output().split('\x1b[3F');
    const last = frames.at(-1)!.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(last).toMatch(/✗ native\s+failed\s+1\.2 s\s+refused \(bot protection\) \(BLOCKED\): WAF page/);
    expect(last).toMatch(/✓ snaptik\s+ok\s+300 ms\s+story: 1 video \(720p\)/);
    expect(last).toMatch(/– tikwm\s+skipped\s+cannot take story links/);
  });

  it('draws nothing for a link that ends before any provider runs', () => {
    const { term, output } = fakeTerminal();
    const view = new AttemptsView(term);
    view.start(['native', 'snaptik']);
    view.onEvent({ type: 'link', link: { kind: 'profile', input: 'x', username: 'a' } });
    view.finish();
    expect(output()).toBe('');
  });
});

describe('Ctrl-C message', () => {
  async function interrupt(isTTY: boolean): Promise<{ aborted: boolean; written: string }> {
    const { onInterrupt } = await import('../src/run.js');
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    let written = '';
    sink.on('data', (d: Buffer) => (written += d.toString()));
    const stderr = Object.assign(sink, { isTTY, columns: 80 }) as unknown as NodeJS.WriteStream;
    const term = createTerminal({ quiet: false, progress: true, verbose: false, env: {}, stderr });
    const controller = new AbortController();
    const detach = onInterrupt(controller, term);
    try {
      process.emit('SIGINT');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      detach();
    }
    return { aborted: controller.signal.aborted, written };
  }

  it('plain mode explains at once; live mode leaves it to the verdict, so no redraw paints over it', async () => {
    const plainRun = await interrupt(false);
    expect(plainRun.aborted).toBe(true);
    expect(plainRun.written).toMatch(/Interrupted: stopping/);
    const liveRun = await interrupt(true);
    expect(liveRun.aborted).toBe(true);
    expect(liveRun.written).toBe('');
  });
});

describe('terminal width', () => {
  it('a terminal that reports no width counts as 80 columns, as the progress bars assume', async () => {
    const { PassThrough } = await import('node:stream');
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 0 }) as unknown as NodeJS.WriteStream;
    expect(createTerminal({ quiet: false, progress: true, verbose: false, env: {}, stderr }).columns).toBe(80);
  });
});

describe('plain summary', () => {
  it('gives an image its pixel size as quality, like the live summary', async () => {
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    let written = '';
    sink.on('data', (d: Buffer) => (written += d.toString()));
    const term = createTerminal({ quiet: false, progress: false, verbose: false, env: {}, stderr: sink as unknown as NodeJS.WriteStream });
    const image = { type: 'image' as const, url: 'i', ext: 'jpg', width: 540, height: 720, watermark: false };
    printSummary(term, {
      report: report({ provider: 'native', result: { kind: 'photo', id: '1', url: 'u', items: [image] } }),
      items: [image],
      downloads: [{ path: '/tmp/a_01.jpg', bytes: 5, resumed: false, url: 'i', item: image }],
      dryRun: false,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toContain('saved /tmp/a_01.jpg bytes=5 provider=native type=image quality="540x720" watermark=no');
  });
});
