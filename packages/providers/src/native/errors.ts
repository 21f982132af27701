/**
 * TikTok's `webapp.video-detail.statusCode` → core error codes (issue 6 step 4; reference
 * tiktok-web.md §2 "statusCode meanings" and §0 "Status codes seen in the wild"). Every error
 * carries the raw code and message in `detail` so reports can show them. Below them, the
 * answer when no page route held the item (the routes' verdicts, WAF, stubs).
 */
import { TiksaverError, type ErrorCode, type Hint, type StatusSource } from '@tiksaver/core';
import { summariseRoutes, type RouteRun } from './request.js';

export const PROVIDER_ID = 'native';
/** The provider's id and label, as every adapter's errors.ts declares them. */
export const SOURCE: StatusSource = { id: PROVIDER_ID, label: 'TikTok (native)' };

interface StatusEntry {
  code: ErrorCode;
  message: string;
  hint?: Hint;
}

const NOT_AVAILABLE_HINT: Hint = [
  'TikTok says this post is unavailable: it was deleted, a story expired (after about 24 hours), or TikTok hides it from your region or network. ' +
  'If it still plays in the TikTok app, try again with a proxy (',
  { setting: 'proxy' },
  ').',
];

const STATUS: Record<number, StatusEntry> = {
  // Disputed (tiktok-web.md §0): yt-dlp reads "IP blocked", gallery-dl "not available"; a
  // truncated id yields it too. So: unavailable, no claimed ban, not final (the routes
  // runner also keeps asking the other routes).
  10204: { code: 'NOT_FOUND', message: 'TikTok says the post is unavailable: deleted, expired, or hidden from this network (status 10204)', hint: NOT_AVAILABLE_HINT },
  10201: {
    code: 'NOT_FOUND',
    message: 'TikTok rejected the item id (status 10201)',
    hint: 'TikTok did not accept the post id, often because the link was cut short. Copy the whole link again from the app.',
  },
  10202: { code: 'NOT_FOUND', message: 'TikTok says the post or account does not exist (status 10202)' },
  10221: {
    code: 'NOT_FOUND',
    message: 'TikTok says the account could not be found (status 10221)',
    hint: 'The creator\'s account no longer exists (deleted or banned), so its posts and stories are gone.',
  },
  10216: { code: 'PRIVATE', message: 'TikTok says this post is private (status 10216)' },
  10222: { code: 'PRIVATE', message: 'TikTok says this account is private (status 10222)' },
  10231: { code: 'REGION_BLOCKED', message: 'TikTok blocks this post in your region (status 10231)' },
  10219: { code: 'REGION_BLOCKED', message: 'TikTok says this post is not available in your region (status 10219)' },
  10000: {
    code: 'BLOCKED',
    message: 'TikTok asked for a verification (captcha) before showing the post (status 10000)',
    hint: [
      'TikTok wants a captcha/verify step for requests from your address. Wait a while, try another network or a proxy (',
      { setting: 'proxy' },
      '), or let another provider try.',
    ],
  },
};

export function statusToError(statusCode: number, statusMsg: string | null | undefined, context: { pageUrl: string }): TiksaverError {
  const detail = { statusCode, ...(statusMsg && { statusMsg }), pageUrl: context.pageUrl };
  const known = STATUS[statusCode];
  if (known) {
    return new TiksaverError(known.code, known.message, { detail, ...(known.hint && { hint: known.hint }) });
  }
  return new TiksaverError(
    'UPSTREAM_CHANGED',
    `TikTok answered with an unknown status code ${statusCode}${statusMsg ? ` (${statusMsg})` : ''}`,
    {
      detail,
      hint: `TikTok returned status ${statusCode}, which tiksaver does not know yet. Another resolver may still work; please report the code.`,
    },
  );
}

/** The page redirected to /login: TikTok wants a signed-in viewer. */
export function loginRedirectError(kind: 'PRIVATE' | 'AGE_RESTRICTED', loginUrl: string): TiksaverError {
  return kind === 'AGE_RESTRICTED'
    ? new TiksaverError('AGE_RESTRICTED', 'TikTok redirected to its login page: the post is age-restricted', { detail: { loginUrl } })
    : new TiksaverError('PRIVATE', 'TikTok redirected to its login page: the post or account is private', { detail: { loginUrl } });
}

export function ageRestrictedError(pageUrl: string): TiksaverError {
  return new TiksaverError('AGE_RESTRICTED', 'TikTok marks this post as age-restricted (isContentClassified) and hides its media', {
    detail: { pageUrl, isContentClassified: true },
  });
}

/** The same error with more detail (the routes tried), for the attempt record. */
export function withDetail(error: TiksaverError, extra: Record<string, unknown>): TiksaverError {
  return new TiksaverError(error.code, error.message, {
    hint: error.hint,
    final: error.final,
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.cause !== undefined && { cause: error.cause }),
    detail: { ...error.detail, ...extra },
  });
}

/** A story link gone (10204) on every route that returned data has expired (§3: a dead story shows up as 10204). */
export function expiredStory<T>(run: RouteRun<T>, linkSaysStory: boolean): TiksaverError | undefined {
  const [first] = run.verdicts;
  if (!first || !linkSaysStory || !run.verdicts.every((v) => v.statusCode === 10204)) return undefined;
  return new TiksaverError('EXPIRED', 'This story is gone: TikTok no longer has it on any page route that answered with data (status 10204)', {
    final: true,
    detail: { ...first.error.detail },
  });
}

/** The answer when no route held the item: the data's verdict first, then what the routes met. */
export function noItemError<T>(run: RouteRun<T>): TiksaverError {
  const [first] = run.verdicts;
  if (first) return first.error;
  const tried = run.records.filter((r) => r.held !== 'skipped');
  if (tried.some((r) => r.held === 'waf')) {
    return new TiksaverError('BLOCKED', 'TikTok kept showing its bot challenge after it was solved', { detail: { waf: true } });
  }
  if (run.errors[0]) return run.errors[0];
  if (tried.length > 0 && tried.every((r) => r.held === 'not-found')) {
    return new TiksaverError('NOT_FOUND', 'TikTok has no page for this item on any route (HTTP 404)', { detail: { status: 404 } });
  }
  return new TiksaverError('BLOCKED', `No page route served TikTok's data (${summariseRoutes(run.records)})`, {
    hint: [
      'TikTok answered every page route with a page that holds no data (a stub), which is what it sends clients it does not trust. ' +
        'Try again later or through a proxy (',
      { setting: 'proxy' },
      '), or let another provider try.',
    ],
  });
}
