/**
 * How the CLI says a setting a hint points at: as the flag that sets it. Core's hints name
 * settings (packages/core/src/hints.ts); the flags come from the one settings table
 * (@tiksaver/providers settingNames), so a renamed flag renames every hint with it.
 */
import { renderHint, type Hint, type SettingName, type SettingNamer } from '@tiksaver/core/words';
import { settingNames } from '@tiksaver/providers';

/**
 * The few spellings the CLI's help text uses instead of the table's long flag: `-o` is what
 * people type, `--cookies FILE` says it wants a file, and `--force` and `--want` are run options
 * with no setting behind them.
 */
const SPOKEN: Partial<Record<SettingName, string>> = {
  outputTemplate: '-o',
  cookiesFile: '--cookies FILE',
  force: '--force',
  want: '--want',
};

export const flagOf: SettingNamer = (setting) => SPOKEN[setting] ?? settingNames(setting).flag;

/** A hint in the CLI's words. */
export function cliHint(hint: Hint): string {
  return renderHint(hint, flagOf);
}
