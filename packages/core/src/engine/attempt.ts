/**
 * One provider, one try: the single place that starts a provider, bounds it in time,
 * checks what it returned and records the Attempt. It never rejects.
 */
import { TiksaverError, toTiksaverError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { Logger, Provider } from '../provider.js';
import { Resolution, type Attempt, type AttemptReason, type MediaType, type ParsedLink, type Want } from '../schemas.js';
import { MEDIA_WORDS } from './describe-reason.js';
import type { ResolveEvent } from './types.js';
import { weighFailure } from './hearsay.js';
import { hasWanted } from './select-items.js';
import { reasonOfStop } from './stop.js';
import { startTimer } from './timer.js';

export interface AttemptEnv {
  link: ParsedLink;
  want: Want;
  /** Gives each attempt its own client (a fork: fresh cookie jar). */
  http: () => HttpClient;
  logger: Logger;
  providerTimeoutMs: number;
  /** Aborted when the whole resolution ends early; its reason is a TiksaverError (CANCELLED or TIMEOUT). */
  scope: AbortSignal;
  emit: (event: ResolveEvent) => void;
}

export interface AttemptRun {
  provider: Provider;
  attempt: Attempt;
  resolution?: Resolution;
  /** The failure, for the verdict. Absent for ok and for losers cancelled by the engine. */
  error?: TiksaverError;
}

/**
 * Runs `provider` once. `stop` is aborted by the strategy (with a stop reason) when the
 * provider lost the race or the chain stopped; the provider sees it on ctx.signal.
 */
export async function runAttempt(provider: Provider, env: AttemptEnv, stop: AbortSignal): Promise<AttemptRun> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  env.emit({ type: 'attempt-start', provider: provider.id, startedAt });

  const controller = new AbortController();
  const abortWith = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const stopTimer = startTimer(env.providerTimeoutMs, () => {
    abortWith(
      new TiksaverError('TIMEOUT', `${provider.label} did not answer within ${seconds(env.providerTimeoutMs)}.`, {
        provider: provider.id,
      }),
    );
  });
  const onScope = () => abortWith(env.scope.reason);
  const onStop = () => abortWith(stop.reason);
  if (env.scope.aborted) onScope();
  if (stop.aborted) onStop();
  env.scope.addEventListener('abort', onScope, { once: true });
  stop.addEventListener('abort', onStop, { once: true });

  let outcome: Pick<AttemptRun, 'resolution' | 'error'> & { cancelledBecause?: AttemptReason };
  const detail: Record<string, unknown> = {};
  try {
    const work = Promise.resolve().then(() =>
      provider.resolve(env.link, { signal: controller.signal, http: env.http(), logger: env.logger, want: env.want, detail }),
    );
    const value = await untilAborted(work, controller.signal);
    outcome = checkResult(provider, value, env.want);
  } catch (thrown) {
    outcome = classifyFailure(provider, thrown, controller.signal);
  } finally {
    stopTimer();
    env.scope.removeEventListener('abort', onScope);
    stop.removeEventListener('abort', onStop);
  }

  const attempt: Attempt = {
    provider: provider.id,
    outcome: outcome.resolution ? 'ok' : outcome.cancelledBecause ? 'cancelled' : 'failed',
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  };
  if (outcome.cancelledBecause) attempt.reason = outcome.cancelledBecause;
  // A service's "private" or "expired" is hearsay: recorded, never final (hearsay.ts).
  if (outcome.error) outcome.error = weighFailure(provider, outcome.error);
  if (outcome.error) attempt.error = outcome.error.toJSON();
  if (outcome.resolution) attempt.result = outcome.resolution;
  if (Object.keys(detail).length > 0) attempt.detail = detail;
  env.emit({ type: 'attempt-end', attempt });
  return { provider, attempt, ...outcome };
}

/** Validates a provider's answer and checks it holds what the user wants. */
function checkResult(provider: Provider, value: unknown, want: Want): Pick<AttemptRun, 'resolution' | 'error'> {
  const parsed = Resolution.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'result';
    return {
      error: new TiksaverError('UPSTREAM_CHANGED', `${provider.label} returned a malformed result (${where}: ${issue?.message ?? 'invalid'}).`, {
        provider: provider.id,
        detail: { path: where },
      }),
    };
  }
  const resolution = parsed.data;
  if (hasWanted(resolution, want)) return { resolution };
  const wanted = MEDIA_WORDS[want === 'auto' ? (resolution.kind === 'photo' ? 'image' : 'video') : want];
  const deliverable = provider.capabilities.media[resolution.kind];
  // A video has no images and a photo post no video: that is a fact about the post, not a
  // limit of this provider, so it is NO_MEDIA ("found the video but it has no images").
  const possible = want === 'auto' || MEDIA_OF_KIND[resolution.kind].includes(want);
  const cannot = possible && want !== 'auto' && deliverable !== undefined && !deliverable.includes(want);
  return {
    error: cannot
      ? new TiksaverError('UNSUPPORTED_KIND', `${provider.label} cannot deliver ${wanted} for a ${resolution.kind}.`, {
          provider: provider.id,
          detail: { kind: resolution.kind, want },
        })
      : new TiksaverError('NO_MEDIA', `${provider.label} found the ${resolution.kind} but it has no ${wanted}.`, {
          provider: provider.id,
          // A provider that identified the post and listed its media has answered for every
          // provider: the post is what it is, so the chain stops and the apps offer what it
          // holds (`media`, e.g. { image: 12, audio: 1 }). An empty list proves nothing.
          final: resolution.items.length > 0,
          detail: { kind: resolution.kind, want, items: resolution.items.length, media: countByType(resolution) },
        }),
  };
}

function countByType(resolution: Resolution): Partial<Record<MediaType, number>> {
  const counts: Partial<Record<MediaType, number>> = {};
  for (const item of resolution.items) counts[item.type] = (counts[item.type] ?? 0) + 1;
  return counts;
}

/** What each kind of post can hold at all, whoever reads it. */
export const MEDIA_OF_KIND: Readonly<Record<Resolution['kind'], readonly MediaType[]>> = {
  video: ['video', 'audio'],
  photo: ['image', 'audio'],
  story: ['video', 'image', 'audio'],
};

function classifyFailure(
  provider: Provider,
  thrown: unknown,
  signal: AbortSignal,
): { error?: TiksaverError; cancelledBecause?: AttemptReason } {
  if (signal.aborted) {
    const stopped = reasonOfStop(signal.reason);
    if (stopped) return { cancelledBecause: stopped };
    const error = toTiksaverError(signal.reason, 'CANCELLED', provider.id);
    // Cut short by the caller: cancelled. Cut short by a clock: the provider timed out.
    return error.code === 'CANCELLED' ? { error, cancelledBecause: { why: 'cancelled', message: error.message } } : { error };
  }
  const error = toTiksaverError(thrown, 'UPSTREAM_CHANGED', provider.id);
  if (error.code === 'CANCELLED') {
    // Nobody cancelled this attempt: an abort inside the provider is a failed request,
    // and must not stop the chain the way a real (final) cancellation does.
    return { error: new TiksaverError('NETWORK', `${provider.label}: ${error.message}`, { provider: provider.id, cause: thrown }) };
  }
  return { error };
}

/** Settles with `work`, or rejects as soon as `signal` aborts (providers that ignore their signal cannot hang the engine). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {}); // a late rejection after we stopped listening is not unhandled
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
