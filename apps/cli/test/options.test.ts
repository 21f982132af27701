import { describe, expect, it } from 'vitest';
import { combineExitCodes } from '../src/exit-codes.js';
import { parseBatch } from '../src/inputs.js';
import { SETTINGS, type SettingSpec } from '@tiksaver/providers';
import { normalizeOptions, UsageError, type RawOptions } from '../src/options.js';
import { buildProgram } from '../src/program.js';
import { describeExpiry, formatSpan } from '../src/ui/format.js';

describe('option values', () => {
  // Setting flags go through the shared config layer (@tiksaver/providers), labelled with the flag.
  const flags = (raw: RawOptions) => normalizeOptions([], raw, {});

  it('reads yt-dlp style rates', () => {
    expect(flags({ limitRate: '50K' }).limitRateBps).toBe(50 * 1024);
    expect(flags({ limitRate: '4.2M' }).limitRateBps).toBe(Math.round(4.2 * 1024 * 1024));
    expect(flags({ limitRate: '800' }).limitRateBps).toBe(800);
    expect(flags({ limitRate: '1MiB/s' }).limitRateBps).toBe(1024 * 1024);
    expect(() => flags({ limitRate: 'fast' })).toThrow(UsageError);
    expect(() => flags({ limitRate: '0' })).toThrow(UsageError);
    expect(() => flags({ limitRate: 'fast' })).toThrow(/^--limit-rate: /);
    expect(() => flags({ speedLimit: 'slow' })).toThrow(/^--speed-limit: /);
  });

  it('reads durations with a default unit', () => {
    expect(flags({ timeout: '20' }).timeoutMs).toBe(20_000);
    expect(flags({ timeout: '1500ms' }).timeoutMs).toBe(1500);
    expect(flags({ hedgeDelay: '800' }).hedgeDelayMs).toBe(800);
    expect(flags({ hedgeDelay: '2s' }).hedgeDelayMs).toBe(2000);
    expect(() => flags({ timeout: 'soon' })).toThrow(/--timeout/);
    expect(() => flags({ timeout: '0' })).toThrow(/--timeout/);
  });

  it('every setting with a flag in the shared table is an option of the command line', () => {
    const none = async () => 0;
    const longs = buildProgram('0.0.0', { run: none, providers: none, doctor: none }).options.map((o) => o.long);
    const flags = Object.values<SettingSpec>(SETTINGS).flatMap((spec) => (spec.flag ? [spec.flag] : []));
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(longs).toContain(flag);
  });

  it('turns -x into want audio and --compare into strategy all', () => {
    const o = normalizeOptions(['x'], { audio: true, compare: true }, {});
    expect(o.want).toBe('audio');
    expect(o.strategy).toBe('all');
    expect(o.dryRun).toBe(true);
  });

  it('rejects conflicting and unknown values', () => {
    expect(() => normalizeOptions([], { audio: true, want: 'video' }, {})).toThrow(/conflicts/);
    expect(() => normalizeOptions([], { provider: 'native,nosuch' }, {})).toThrow(/unknown provider "nosuch"/);
    expect(() => normalizeOptions([], { provider: 'native', exclude: 'native' }, {})).toThrow(/nothing would be tried/);
    expect(() => normalizeOptions([], { json: true, printUrls: true }, {})).toThrow(/stdout/);
    expect(() => normalizeOptions([], { proxy: 'ftp://x' }, {})).toThrow(/--proxy/);
    expect(normalizeOptions([], { proxy: 'socks5://127.0.0.1:1080' }, {}).proxy).toBe('socks5://127.0.0.1:1080');
  });

  it('keeps the --provider order and drops duplicates', () => {
    expect(normalizeOptions([], { provider: 'tikwm, native,tikwm' }, {}).providers).toEqual(['tikwm', 'native']);
  });

  it('NO_COLOR turns progress off', () => {
    expect(normalizeOptions([], {}, { NO_COLOR: '1' }).progress).toBe(false);
    expect(normalizeOptions([], {}, {}).progress).toBe(true);
  });
});

describe('batch files', () => {
  it('skips comments and blank lines and remembers line numbers', () => {
    expect(parseBatch('\uFEFF# c\n\n  a  \n; c2\r\nb\n')).toEqual([
      { text: 'a', origin: 'line 3' },
      { text: 'b', origin: 'line 5' },
    ]);
  });
});

describe('exit codes over several inputs', () => {
  it('is 0 when all saved, the shared code when all failed alike, else 8', () => {
    expect(combineExitCodes([0, 0])).toBe(0);
    expect(combineExitCodes([4, 4])).toBe(4);
    expect(combineExitCodes([0, 3])).toBe(8);
    expect(combineExitCodes([4, 5])).toBe(8);
    expect(combineExitCodes([3])).toBe(3);
    expect(combineExitCodes([0, 130])).toBe(130);
  });
});

describe('story lifetime', () => {
  it('says how long a story has left', () => {
    expect(formatSpan(5 * 3600 + 12 * 60)).toBe('5 h 12 min');
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(describeExpiry('2026-01-01T05:12:00Z', now)).toBe('expires in 5 h 12 min');
    expect(describeExpiry('2025-12-31T23:57:00Z', now)).toBe('expired 3 min ago');
  });
});
