/**
 * The verdict when no provider succeeded: one error that tells the user the most.
 *
 * Rules, in order:
 * 1. The caller cancelled -> CANCELLED.
 * 2. A final error (EXPIRED, PRIVATE, AGE_RESTRICTED ...) -> that error: no other provider
 *    can change it.
 * 3. NOT_FOUND consensus: every provider that said anything about the post itself said
 *    NOT_FOUND -> NOT_FOUND with the "expired or deleted" hint. NOT_FOUND is not final on
 *    its own because TikTok answers region and IP blocks the same way (status 10204).
 * 4. Otherwise the most informative error by VERDICT_PRIORITY (a NOT_FOUND contradicted by
 *    a provider that found the post ranks below NO_MEDIA); when providers failed for
 *    different reasons, the message lists each one.
 */
import { ERROR_CODE_NAMES, TiksaverError, type ErrorCode } from '../errors.js';
import type { ParsedLink } from '../schemas.js';
import type { AttemptRun } from './attempt.js';

/**
 * Most informative first: facts about the post (gone, private, blocked here), then facts
 * about what a provider found, then trouble with a service, then trouble reaching it.
 */
export const VERDICT_PRIORITY: readonly ErrorCode[] = [
  'EXPIRED',
  'PRIVATE',
  'AGE_RESTRICTED',
  'INVALID_INPUT',
  'NOT_TIKTOK',
  'WRONG_LINK_KIND',
  'REGION_BLOCKED',
  'NOT_FOUND',
  'NO_MEDIA',
  'UNSUPPORTED_KIND',
  'RATE_LIMITED',
  'BLOCKED',
  'UPSTREAM_CHANGED',
  'MISCONFIGURED',
  'NETWORK',
  'TIMEOUT',
  'DOWNLOAD_FAILED',
  'FILE_EXISTS',
  'CANCELLED',
];

/** Codes that state something about the post itself (as opposed to about a service). */
const ABOUT_THE_POST = new Set<ErrorCode>(['NOT_FOUND', 'REGION_BLOCKED', 'NO_MEDIA', 'EXPIRED', 'PRIVATE', 'AGE_RESTRICTED']);

const rank = (code: ErrorCode) => {
  const index = VERDICT_PRIORITY.indexOf(code);
  return index < 0 ? ERROR_CODE_NAMES.length : index;
};

export function decideVerdict(runs: AttemptRun[], link: ParsedLink, cancelled?: TiksaverError): TiksaverError {
  if (cancelled) return cancelled;
  const failures = runs.filter((run): run is AttemptRun & { error: TiksaverError } => run.error !== undefined);
  if (failures.length === 0) {
    return new TiksaverError('CANCELLED', 'Every provider was stopped before it answered.');
  }

  const final = failures.find((run) => run.error.final && run.error.code !== 'CANCELLED');
  if (final) return final.error;

  const answered = failures.filter((run) => ABOUT_THE_POST.has(run.error.code));
  if (answered.length > 0 && answered.every((run) => run.error.code === 'NOT_FOUND')) {
    return notFoundConsensus(answered, failures, link);
  }

  // A provider that found the post but not the wanted media proves the post exists, so a
  // NOT_FOUND from another one (cobalt's fetch.empty, say) must not become the verdict.
  const postFound = failures.some((run) => run.error.code === 'NO_MEDIA');
  const weight = (code: ErrorCode) => (postFound && code === 'NOT_FOUND' ? rank('NO_MEDIA') + 0.5 : rank(code));
  const sorted = [...failures].sort((a, b) => weight(a.error.code) - weight(b.error.code));
  const top = sorted[0]!.error;
  if (failures.length === 1) return top;
  const codes = new Set(failures.map((run) => run.error.code));
  const reasons = failures.map((run) => `${run.provider.id}: ${run.error.code} (${run.error.message})`);
  const summary =
    top.code === 'NO_MEDIA' && missingMedia(top)
      ? missingMedia(top)!
      : codes.size === 1
        ? `All ${failures.length} providers failed with ${top.code}.`
        : 'Every provider failed, for different reasons.';
  const message = `${summary} ${reasons.join('; ')}`;
  return new TiksaverError(top.code, message, {
    hint: top.hint,
    final: top.final,
    ...(top.retryAfterMs !== undefined && { retryAfterMs: top.retryAfterMs }),
    ...(top.provider !== undefined && { provider: top.provider }),
    cause: top,
    // summary: the message without the per-provider list, for UIs that show each attempt anyway.
    detail: { reasons: Object.fromEntries(failures.map((run) => [run.provider.id, run.error.code])), summary },
  });
}

function notFoundConsensus(answered: AttemptRun[], failures: AttemptRun[], link: ParsedLink): TiksaverError {
  const what = link.kind === 'story' ? 'story' : link.kind === 'photo' ? 'photo post' : 'post';
  const sayers = answered.map((run) => run.provider.id);
  const others = failures.filter((run) => !answered.includes(run));
  const message =
    others.length === 0
      ? `Every provider that was asked (${sayers.join(', ')}) says this ${what} does not exist.`
      : `${sayers.join(', ')} ${sayers.length === 1 ? 'says' : 'say'} this ${what} does not exist; ` +
        `the others could not tell (${others.map((run) => `${run.provider.id}: ${run.error!.code}`).join(', ')}).`;
  return new TiksaverError('NOT_FOUND', message, {
    hint:
      `The ${what} has most likely expired (stories last about 24 hours) or was deleted, and no tool can bring it back. ` +
      'If it still plays in the TikTok app, TikTok may be hiding it from your region or IP address: try again through a proxy (--proxy).',
    detail: { consensus: sayers },
  });
}

/** "The photo post has no audio." from a NO_MEDIA the engine made (detail: kind, want). */
function missingMedia(error: TiksaverError): string | undefined {
  const detail = error.detail as { kind?: string; want?: string } | undefined;
  if (!detail?.kind || !detail.want || detail.want === 'auto') return undefined;
  const what = detail.kind === 'photo' ? 'photo post' : detail.kind === 'story' ? 'story' : 'video';
  return `The ${what} was found, but it has no ${detail.want === 'image' ? 'images' : detail.want}.`;
}
