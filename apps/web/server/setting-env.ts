/**
 * How the web says a setting a hint points at: the server's environment variable, since a
 * person in the browser cannot type a flag and the operator sets these. Core's hints name
 * settings (packages/core/src/hints.ts); the variable names come from the one settings
 * table (@tiksaver/providers settingNames). A setting the web has none of (the CLI's
 * --force) drops the part of the hint that needs it.
 */
import { renderHint, type Hint, type SettingNamer } from '@tiksaver/core';
import { settingNames } from '@tiksaver/providers';

export const envOf: SettingNamer = (setting) => {
  const { env } = settingNames(setting);
  return env && `${env} on the server`;
};

/** A hint in the web's words. */
export function webHint(hint: Hint): string {
  return renderHint(hint, envOf);
}
