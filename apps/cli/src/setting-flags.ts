/**
 * How the CLI says a setting a hint points at: as the flag that sets it. Core's hints name
 * settings (packages/core/src/hints.ts); this table is the CLI's side of that.
 */
import { renderHint, type Hint, type SettingName, type SettingNamer } from '@tiksaver/core/words';

const SETTING_FLAGS: Readonly<Record<SettingName, string>> = {
  proxy: '--proxy',
  timeoutMs: '--timeout',
  outputTemplate: '-o',
  force: '--force',
  cobaltUrl: '--cobalt-url',
  cobaltKey: '--cobalt-key',
  cookiesFile: '--cookies FILE',
};

export const flagOf: SettingNamer = (setting) => SETTING_FLAGS[setting];

/** A hint in the CLI's words. */
export function cliHint(hint: Hint): string {
  return renderHint(hint, flagOf);
}
