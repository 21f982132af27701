/**
 * Hints are data, not sentences: words with the settings they point at as parts of their
 * own. Each app says a setting the way its user can change it (the CLI as its flag,
 * `--proxy`; the web as the server's environment variable), with renderHint and its own
 * `nameOf`. So no app rewrites core's words, and a hint never names a flag the reader
 * cannot type.
 */

/** Run options hints may point at that have no config key: the CLI's `--force` and `--want`. */
export const RUN_OPTION_NAMES = ['force', 'want'] as const;
export type RunOptionName = (typeof RUN_OPTION_NAMES)[number];

/**
 * The settings hints may point at: keys of TiksaverConfig (packages/providers/src/config.ts),
 * plus the run options above.
 */
export const SETTING_NAMES = ['proxy', 'timeoutMs', 'outputTemplate', 'audioFormat', 'cobaltUrl', 'cobaltKey', 'cookiesFile', ...RUN_OPTION_NAMES] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * Words; a setting, said the reader's way; or a group shown only when the reader's app has
 * every setting in it (the CLI's `--force` has no web counterpart).
 */
export type HintPart = string | { setting: SettingName } | { optional: readonly HintPart[] };

/** A plain sentence, or parts when it names a setting. */
export type Hint = string | readonly HintPart[];

/** How one app says a setting (`--proxy`), or undefined when it has no such setting. */
export type SettingNamer = (setting: SettingName) => string | undefined;

/** A hint in words for one app. A setting the app has no name for is said by its key. */
export function renderHint(hint: Hint, nameOf: SettingNamer): string {
  if (typeof hint === 'string') return hint;
  return hint.map((part) => renderPart(part, nameOf, false) ?? '').join('');
}

function renderPart(part: HintPart, nameOf: SettingNamer, inGroup: boolean): string | undefined {
  if (typeof part === 'string') return part;
  if ('setting' in part) return nameOf(part.setting) ?? (inGroup ? undefined : part.setting);
  const words = part.optional.map((inner) => renderPart(inner, nameOf, true));
  return words.includes(undefined) ? '' : words.join('');
}

/** The settings a hint points at (for tests and docs). */
export function hintSettings(hint: Hint): SettingName[] {
  if (typeof hint === 'string') return [];
  return hint.flatMap((part) => (typeof part === 'string' ? [] : 'setting' in part ? [part.setting] : hintSettings(part.optional)));
}

/** A hint as a list of parts, to build a longer hint around it. */
export function hintParts(hint: Hint): readonly HintPart[] {
  return typeof hint === 'string' ? [hint] : hint;
}
