/**
 * How the web says a setting a hint points at: the server's environment variable, since a
 * person in the browser cannot type a flag and the operator sets these. Core's hints name
 * settings (packages/core/src/hints.ts); this table is the web's side of that. A setting
 * the web has none of (the CLI's --force) drops the part of the hint that needs it.
 */
import { renderHint, type Hint, type SettingName, type SettingNamer } from '@tiksaver/core';

const SETTING_ENV: Readonly<Record<SettingName, string | undefined>> = {
  proxy: 'TIKSAVER_PROXY',
  timeoutMs: 'TIKSAVER_TIMEOUT',
  outputTemplate: 'TIKSAVER_OUTPUT',
  force: undefined,
  cobaltUrl: 'TIKSAVER_COBALT_URL',
  cobaltKey: 'TIKSAVER_COBALT_KEY',
  cookiesFile: 'TIKSAVER_COOKIES',
};

export const envOf: SettingNamer = (setting) => {
  const env = SETTING_ENV[setting];
  return env && `${env} on the server`;
};

/** A hint in the web's words. */
export function webHint(hint: Hint): string {
  return renderHint(hint, envOf);
}
