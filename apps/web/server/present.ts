/**
 * What the browser sees of a report: every media item's URL is replaced by a signed
 * /api/media/<token> link, and upstream headers (cookies!) and fallback CDN URLs are
 * dropped. The full report stays in the server's cache.
 */
import { renderAttemptHints, renderErrorHints, selectItems, type Attempt, type Resolution, type ResolveEvent, type ResolveReport, type Want } from '@tiksaver/core';
import type { WebAttempt, WebMediaItem, WebReport, WebResolution } from '../shared/types.js';
import { envOf } from './setting-env.js';
import type { TokenSigner } from './tokens.js';

interface PresentContext {
  reportId: string;
  signer: TokenSigner;
  want?: string;
  winner?: string;
}

function presentResolution(resolution: Resolution, ctx: PresentContext, attemptProvider?: string): WebResolution {
  const sign = (index: number) =>
    ctx.signer.sign({
      r: ctx.reportId,
      i: index,
      u: resolution.url,
      ...(attemptProvider !== undefined && { a: attemptProvider }),
      ...(ctx.want !== undefined && { w: ctx.want }),
      ...((attemptProvider ?? ctx.winner) !== undefined && { p: attemptProvider ?? ctx.winner }),
    });
  const items = resolution.items.map((item, index): WebMediaItem => {
    const { headers: _headers, fallbackUrls: _fallbacks, ...rest } = item;
    const downloadUrl = `/api/media/${sign(index)}`;
    return { ...rest, url: downloadUrl, downloadUrl };
  });
  const firstItem = items[0];
  const picked = new Set(selectItems(resolution, (ctx.want ?? 'auto') as Want));
  return {
    ...resolution,
    items,
    selected: resolution.items.flatMap((item, index) => (picked.has(item) ? [index] : [])),
    ...(items.length > 1 && firstItem && { zipUrl: `${firstItem.downloadUrl}/zip` }),
  };
}

export function presentAttempt(attempt: Attempt, ctx: PresentContext): WebAttempt {
  const { result, ...rest } = renderAttemptHints(attempt, envOf);
  return result ? { ...rest, result: presentResolution(result, ctx, attempt.provider) } : rest;
}

export function presentReport(report: ResolveReport, ctx: Omit<PresentContext, 'want' | 'winner'> & { mp3: boolean }): WebReport {
  const full: PresentContext = {
    ...ctx,
    ...(report.want !== undefined && { want: report.want }),
    ...(report.provider !== undefined && { winner: report.provider }),
  };
  const { result, attempts, error, ...rest } = report;
  return {
    ...rest,
    ...(error && { error: renderErrorHints(error, envOf) }),
    id: ctx.reportId,
    mp3: ctx.mp3,
    ...(result && { result: presentResolution(result, full) }),
    // The winner's attempt result is the report result; avoid a second token set for it.
    attempts: attempts.map((attempt) => presentAttempt(attempt.provider === report.provider && result ? { ...attempt, result: undefined } : attempt, full)),
  };
}

/** Live events for the SSE stream; attempt results are summarised without media links. */
export function presentEvent(event: Exclude<ResolveEvent, { type: 'done' }>): unknown {
  if (event.type !== 'attempt-end') return event;
  const { result, ...attempt } = renderAttemptHints(event.attempt, envOf);
  return {
    type: event.type,
    attempt: {
      ...attempt,
      ...(result && { found: { kind: result.kind, items: result.items.map((item) => ({ type: item.type, quality: item.quality })) } }),
    },
  };
}
