/**
 * An attempt's reason (schemas.ts AttemptReason) in words: the one place that says why a
 * provider was skipped or cancelled, for the CLI's attempt lines and the web's trace.
 * Pure and free of runtime imports, so the browser bundle can take it (@tiksaver/core/words).
 */
import { renderHint, type SettingNamer } from '../hints.js';
import type { AttemptReason, MediaType } from '../schemas.js';

/** Plain words for each media type, as used in "has no ..." and "cannot deliver ...". */
export const MEDIA_WORDS = { video: 'video', image: 'images', audio: 'audio' } as const satisfies Record<MediaType, string>;

/** "stopped: EXPIRED is final", "not needed: tikwm answered first", "cannot take story links"... */
export function describeReason(reason: AttemptReason, nameOf: SettingNamer): string {
  switch (reason.why) {
    case 'disabled':
      return `disabled: ${reason.reason === undefined ? 'not configured' : renderHint(reason.reason, nameOf)}`;
    case 'link-kind':
      return `cannot take ${reason.kind} links`;
    case 'media':
      return `cannot deliver ${MEDIA_WORDS[reason.want]}`;
    case 'final':
      return `stopped: ${reason.code} is final`;
    case 'not-needed':
      return `not needed: ${reason.winner} answered first`;
    case 'ended':
      return `stopped: ${reason.message}`;
    case 'cancelled':
      return reason.message;
    case 'not-started':
      return 'not started';
  }
}
