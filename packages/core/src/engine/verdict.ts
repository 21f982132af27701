/**
 * The verdict when no provider succeeded: one error that tells the user the most.
 *
 * Rules, in order:
 * 1. The caller cancelled -> CANCELLED.
 * 2. A final error (EXPIRED, PRIVATE, AGE_RESTRICTED ...) -> that error: no other provider
 *    can change it. Only TikTok's own word is final (hearsay.ts): services' claims are not.
 * 3. NOT_FOUND consensus: every provider that said anything about the post itself said
 *    NOT_FOUND -> NOT_FOUND with the "expired or deleted" hint. NOT_FOUND is not final on
 *    its own because TikTok answers region and IP blocks the same way (status 10204).
 *    When only services said so, the verdict says that, and why TikTok could not be asked
 *    ("3 services say not found; TikTok itself could not be asked: its pages were refused").
 *    Services agreeing on another claim (all "private") get the same wording, not final.
 * 4. Otherwise the most informative error by VERDICT_PRIORITY (a NOT_FOUND contradicted by
 *    a provider that found the post ranks below NO_MEDIA; TikTok's own claims about the
 *    post before a service's); when providers failed for different reasons, the message
 *    lists each one, and `detail.claims` says who claimed what.
 */
import { ERROR_CODE_NAMES, TiksaverError, type ErrorCode } from '../errors.js';
import { hintParts, type Hint } from '../hints.js';
import type { ParsedLink } from '../schemas.js';
import type { AttemptRun } from './attempt.js';
import { ABOUT_THE_POST, CLAIM_WORDS, claimOf, isHearsay, speaksForTikTok } from './hearsay.js';

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
  const hearsayOnly = answered.length > 0 && answered.every((run) => isHearsay(run.error));
  if (answered.length > 0 && answered.every((run) => run.error.code === 'NOT_FOUND')) {
    return hearsayOnly ? hearsayConsensus(answered, failures, runs, link) : notFoundConsensus(answered, failures, link);
  }
  // NO_MEDIA is a finding, not a claim against the post: it keeps its own summary below.
  if (hearsayOnly && answered[0]!.error.code !== 'NO_MEDIA' && answered.every((run) => run.error.code === answered[0]!.error.code)) {
    return hearsayConsensus(answered, failures, runs, link);
  }

  // A provider that found the post but not the wanted media proves the post exists, so a
  // NOT_FOUND from another one (cobalt's fetch.empty, say) must not become the verdict.
  const postFound = failures.some((run) => run.error.code === 'NO_MEDIA');
  const weight = (code: ErrorCode) => (postFound && code === 'NOT_FOUND' ? rank('NO_MEDIA') + 0.5 : rank(code));
  // TikTok's own word about the post comes before any service's word about it.
  const tier = (run: AttemptRun & { error: TiksaverError }) =>
    ABOUT_THE_POST.has(run.error.code) && !isHearsay(run.error) && !(postFound && run.error.code === 'NOT_FOUND') ? 0 : 1;
  const sorted = [...failures].sort((a, b) => tier(a) - tier(b) || weight(a.error.code) - weight(b.error.code));
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
  const heard = failures.some((run) => isHearsay(run.error));
  const fullSummary = heard ? `${summary} ${capitalise(tiktokStatus(runs))}.` : summary;
  const message = `${fullSummary} ${reasons.join('; ')}`;
  return new TiksaverError(top.code, message, {
    hint: top.hint,
    final: top.final,
    ...(top.retryAfterMs !== undefined && { retryAfterMs: top.retryAfterMs }),
    ...(top.provider !== undefined && { provider: top.provider }),
    cause: top,
    // summary: the message without the per-provider list, for UIs that show each attempt anyway.
    detail: {
      reasons: Object.fromEntries(failures.map((run) => [run.provider.id, run.error.code])),
      summary: fullSummary,
      ...(heard && { claims: claimsOf(answered) }),
    },
  });
}

/**
 * Only services said something about the post, and they agree: the verdict carries their
 * code, never final, and says who said it and why TikTok itself could not be asked.
 */
function hearsayConsensus(
  answered: Array<AttemptRun & { error: TiksaverError }>,
  failures: Array<AttemptRun & { error: TiksaverError }>,
  runs: AttemptRun[],
  link: ParsedLink,
): TiksaverError {
  const { code } = answered[0]!.error;
  const what = link.kind === 'story' ? 'story' : link.kind === 'photo' ? 'photo post' : 'post';
  const n = answered.length;
  const words = CLAIM_WORDS[code] ?? code;
  const who = answered.map((run) => (claimOf(run.error) === words ? run.provider.id : `${run.provider.id}: ${claimOf(run.error)}`));
  const tiktok = tiktokStatus(runs);
  const summary = `${n} ${n === 1 ? 'service says' : 'services say'} ${words} (${who.join(', ')}); ${tiktok}.`;
  const others = failures.filter((run) => !answered.includes(run) && speaksForTikTok(run.provider) === false);
  const message = others.length
    ? `${summary} The others could not tell (${others.map((run) => `${run.provider.id}: ${run.error.code}`).join(', ')}).`
    : summary;
  const hint: Hint =
    code === 'NOT_FOUND'
      ? [
          `Only TikTok can say for sure that a ${what} is gone (${tiktok}). The ${what} has probably expired (stories last about 24 hours) or was deleted; ` +
            'if it still plays in the TikTok app, try again later or through a proxy (',
          { setting: 'proxy' },
          ').',
        ]
      : [
          `This is what the services say; only TikTok can say for sure (${tiktok}). `,
          ...hintParts(answered[0]!.error.hint),
          ' If it plays in the TikTok app, try again later or through a proxy (',
          { setting: 'proxy' },
          ').',
        ];
  return new TiksaverError(code, message, {
    hint,
    final: false,
    ...(answered[0]!.error.provider !== undefined && { provider: answered[0]!.error.provider }),
    cause: answered[0]!.error,
    detail: {
      consensus: answered.map((run) => run.provider.id),
      claims: claimsOf(answered),
      tiktok,
      reasons: Object.fromEntries(failures.map((run) => [run.provider.id, run.error.code])),
      summary,
    },
  });
}

/** Who claimed what about the post, in words: { snaptik: 'not found or private', vidgap: 'not found' }. */
function claimsOf(answered: Array<AttemptRun & { error: TiksaverError }>): Record<string, string> {
  return Object.fromEntries(answered.map((run) => [run.provider.id, `${claimOf(run.error)}${isHearsay(run.error) ? '' : ' (TikTok says)'}`]));
}

/** Why TikTok's own answer is missing, from the runs of providers that speak for it. */
function tiktokStatus(runs: AttemptRun[]): string {
  const own = runs.filter((run) => speaksForTikTok(run.provider));
  if (own.length === 0) return 'TikTok itself was not asked';
  const said = own.find((run) => run.error && ABOUT_THE_POST.has(run.error.code));
  if (said) return `TikTok itself says ${claimOf(said.error!)}`;
  const code = own.find((run) => run.error)?.error?.code;
  const why: Partial<Record<ErrorCode, string>> = {
    BLOCKED: 'its pages were refused',
    NETWORK: 'it could not be reached',
    TIMEOUT: 'it did not answer in time',
    RATE_LIMITED: 'it is limiting requests',
    UPSTREAM_CHANGED: 'its pages could not be read',
  };
  if (!code) return 'TikTok itself was not asked to the end';
  return `TikTok itself could not be asked: ${why[code] ?? `it failed with ${code}`}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
    hint: [
      `The ${what} has most likely expired (stories last about 24 hours) or was deleted, and no tool can bring it back. ` +
        'If it still plays in the TikTok app, TikTok may be hiding it from your region or IP address: try again through a proxy (',
      { setting: 'proxy' },
      ').',
    ],
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
