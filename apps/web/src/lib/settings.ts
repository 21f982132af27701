/** User settings, kept in localStorage only (nothing is sent anywhere but with a request). */
import type { Strategy, Want } from '@tiksaver/core';

export interface Settings {
  want: Want;
  /** Keep `want` across visits; otherwise every visit starts at Auto. */
  pinWant: boolean;
  strategy: Strategy;
  /** Provider ids in the order to try; ids not listed keep server order after these. */
  order: string[];
  disabled: string[];
}

const KEY = 'tiksaver.settings.v1';
// hedged = the engine's and CLI's default: start the next provider when one is slow.
export const DEFAULT_SETTINGS: Settings = { want: 'auto', pinWant: false, strategy: 'hedged', order: [], disabled: [] };

export function loadSettings(): Settings {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
    return {
      // A "Save as" left on Images from last week must not make today's video link fail.
      want: raw.pinWant === true && (['auto', 'video', 'image', 'audio'] as const).includes(raw.want as Want) ? (raw.want as Want) : 'auto',
      pinWant: raw.pinWant === true,
      strategy: (['sequential', 'hedged', 'all'] as const).includes(raw.strategy as Strategy) ? (raw.strategy as Strategy) : DEFAULT_SETTINGS.strategy,
      order: Array.isArray(raw.order) ? raw.order.filter((id) => typeof id === 'string') : [],
      disabled: Array.isArray(raw.disabled) ? raw.disabled.filter((id) => typeof id === 'string') : [],
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: Settings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or storage full: settings just do not persist.
  }
}

/** Server providers in the user's order. */
export function orderedIds(serverIds: string[], settings: Settings): string[] {
  const known = settings.order.filter((id) => serverIds.includes(id));
  return [...known, ...serverIds.filter((id) => !known.includes(id))];
}

/** The `providers` list to send, or undefined when the user changed nothing. */
export function providerSelection(serverIds: string[], settings: Settings): string[] | undefined {
  if (settings.order.length === 0 && settings.disabled.length === 0) return undefined;
  return orderedIds(serverIds, settings).filter((id) => !settings.disabled.includes(id));
}
