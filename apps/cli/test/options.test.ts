import { describe, expect, it } from 'vitest';
import { combineExitCodes } from '../src/exit-codes.js';
import { parseBatch } from '../src/inputs.js';
import { normalizeOptions, parseDuration, parseRate, UsageError } from '../src/options.js';
import { describeExpiry, formatSpan } from '../src/ui/format.js';

describe('option values', () => {
  it('reads yt-dlp style rates', () => {
    expect(parseRate('50K')).toBe(50 * 1024);
    expect(parseRate('4.2M')).toBe(Math.round(4.2 * 1024 * 1024));
    expect(parseRate('800')).toBe(800);
    expect(parseRate('1MiB/s')).toBe(1024 * 1024);
    expect(() => parseRate('fast')).toThrow(UsageError);
    expect(() => parseRate('0')).toThrow(UsageError);
  });

  it('reads durations with a default unit', () => {
    expect(parseDuration('--timeout', '20', 's')).toBe(20_000);
    expect(parseDuration('--timeout', '1500ms', 's')).toBe(1500);
    expect(parseDuration('--hedge-delay', '800', 'ms')).toBe(800);
    expect(parseDuration('--hedge-delay', '2s', 'ms')).toBe(2000);
    expect(() => parseDuration('--timeout', 'soon', 's')).toThrow(/--timeout/);
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
