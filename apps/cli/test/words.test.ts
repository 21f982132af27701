/** The CLI's words for core's error data: settings as flags, exit codes from the table. */
import { ERROR_CODE_NAMES, ERROR_CODES, hintSettings, SETTING_NAMES } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_HELP } from '../src/exit-codes.js';
import { cliHint, flagOf } from '../src/setting-flags.js';

describe('hints in the terminal', () => {
  it('name the flag of every setting they point at', () => {
    for (const setting of SETTING_NAMES) expect(flagOf(setting), setting).toMatch(/^-/);
    for (const code of ERROR_CODE_NAMES) {
      const words = cliHint(ERROR_CODES[code].hint);
      for (const setting of hintSettings(ERROR_CODES[code].hint)) expect(words, code).toContain(flagOf(setting));
    }
    expect(cliHint(ERROR_CODES.REGION_BLOCKED.hint)).toBe('TikTok blocks this post in your region. A proxy in another country (--proxy) may help.');
    expect(cliHint(ERROR_CODES.TIMEOUT.hint)).toBe('The site took too long to answer. Try again, or raise --timeout.');
  });
});

describe('exit codes in --help', () => {
  it('list every error code once, under the exit code the table gives it', () => {
    for (const code of ERROR_CODE_NAMES) {
      const lines = EXIT_CODE_HELP.filter(([, text]) => new RegExp(`\\b${code}\\b`).test(text));
      expect(lines.map(([exit]) => exit), code).toEqual([ERROR_CODES[code].exitCode]);
    }
    expect(EXIT_CODE_HELP.find(([exit]) => exit === 3)?.[1]).toBe('not a usable link (INVALID_INPUT, NOT_TIKTOK, WRONG_LINK_KIND)');
  });
});
