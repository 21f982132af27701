/** Errors stay data until an app puts them in words: hints, attempt reasons, short words. */
import { describe, expect, it } from 'vitest';
import {
  AttemptReason,
  describeReason,
  ERROR_CODES,
  ERROR_CODE_NAMES,
  ERROR_WORDS,
  hintSettings,
  HintSchema,
  renderHint,
  renderReportHints,
  ResolveReport,
  TiksaverError,
  type SettingNamer,
} from '../src/index.js';

const flags: SettingNamer = (setting) => ({ proxy: '--proxy', force: '--force', outputTemplate: '-o' })[setting as string];
const envOnly: SettingNamer = (setting) => (setting === 'force' ? undefined : `TIKSAVER_${setting.toUpperCase()}`);

describe('hints', () => {
  it('say each setting the way the app names it', () => {
    const hint = ['Try again through a proxy (', { setting: 'proxy' }, ').'] as const;
    expect(renderHint(hint, flags)).toBe('Try again through a proxy (--proxy).');
    expect(renderHint(hint, envOnly)).toBe('Try again through a proxy (TIKSAVER_PROXY).');
    expect(renderHint('Plain words.', flags)).toBe('Plain words.');
    expect(hintSettings(hint)).toEqual(['proxy']);
  });

  it('drop an optional part in an app without its setting, and fall back to the key elsewhere', () => {
    expect(renderHint(ERROR_CODES.FILE_EXISTS.hint, flags)).toBe(
      'A file with that name already exists. Remove it, overwrite it (--force) or choose another file name template (-o).',
    );
    expect(renderHint(ERROR_CODES.FILE_EXISTS.hint, envOnly)).toBe(
      'A file with that name already exists. Remove it or choose another file name template (TIKSAVER_OUTPUTTEMPLATE).',
    );
    expect(renderHint(['set ', { setting: 'cobaltUrl' }], () => undefined)).toBe('set cobaltUrl');
  });

  it('in the table are valid report data, and the JSON of an error keeps them as parts', () => {
    for (const code of ERROR_CODE_NAMES) expect(HintSchema.safeParse(ERROR_CODES[code].hint).success, code).toBe(true);
    const error = new TiksaverError('REGION_BLOCKED', 'blocked');
    expect(TiksaverError.fromJSON(JSON.parse(JSON.stringify(error))).hint).toEqual(ERROR_CODES.REGION_BLOCKED.hint);
  });

  it('of a whole report are put in words before it leaves an app as JSON', () => {
    const report = ResolveReport.parse({
      input: 'x',
      link: { kind: 'video', input: 'x' },
      ok: false,
      strategy: 'sequential',
      totalMs: 1,
      error: new TiksaverError('BLOCKED', 'refused').toJSON(),
      attempts: [
        { provider: 'a', outcome: 'failed', error: new TiksaverError('TIMEOUT', 'slow').toJSON() },
        { provider: 'b', outcome: 'skipped', reason: { why: 'disabled', reason: ['not configured (set ', { setting: 'proxy' }, ')'] } },
      ],
    });
    const said = renderReportHints(report, flags);
    expect(said.error?.hint).toBe('The site refused the request (bot protection). Try again later or through a proxy (--proxy).');
    expect(said.attempts[0]?.error?.hint).toBe('The site took too long to answer. Try again, or raise timeoutMs.');
    expect(said.attempts[1]?.reason).toEqual({ why: 'disabled', reason: 'not configured (set --proxy)' });
  });
});

describe('attempt reasons', () => {
  it('are data, and describeReason is the one place that puts them in words', () => {
    const cases: Array<[AttemptReason, string]> = [
      [{ why: 'disabled' }, 'disabled: not configured'],
      [{ why: 'disabled', reason: ['not configured (set ', { setting: 'proxy' }, ')'] }, 'disabled: not configured (set --proxy)'],
      [{ why: 'link-kind', kind: 'story' }, 'cannot take story links'],
      [{ why: 'media', want: 'image' }, 'cannot deliver images'],
      [{ why: 'final', code: 'EXPIRED', provider: 'native' }, 'stopped: EXPIRED is final'],
      [{ why: 'not-needed', winner: 'tikwm' }, 'not needed: tikwm answered first'],
      [{ why: 'ended', code: 'TIMEOUT', message: 'No provider answered within 1s.' }, 'stopped: No provider answered within 1s.'],
      [{ why: 'cancelled', message: 'The resolution was cancelled.' }, 'The resolution was cancelled.'],
      [{ why: 'not-started' }, 'not started'],
    ];
    for (const [reason, words] of cases) {
      expect(AttemptReason.parse(reason)).toEqual(reason);
      expect(describeReason(reason, flags)).toBe(words);
    }
  });
});

describe('short words', () => {
  it('exist for every code, in both forms', () => {
    for (const code of ERROR_CODE_NAMES) {
      expect(ERROR_WORDS[code].label, code).toMatch(/\S/);
      expect(ERROR_WORDS[code].phrase, code).toMatch(/\S/);
    }
  });
});
