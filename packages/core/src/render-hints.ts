/**
 * Reports and errors leave an app as JSON (the CLI's --json, the web API) with their hints
 * in that app's words, so readers of the JSON see sentences, not parts. These put every
 * hint of a report, an attempt or an error into words with the app's `nameOf`.
 */
import type { SerializedError } from './errors.js';
import { renderHint, type SettingNamer } from './hints.js';
import type { Attempt, ResolveReport } from './schemas.js';

/** An error whose hint is in one app's words. */
export type SaidError<E extends Pick<SerializedError, 'hint'> = SerializedError> = Omit<E, 'hint'> & { hint: string };
/** An attempt whose hints (its error's, its disabled reason's) are in one app's words. */
export type SaidAttempt<A extends Attempt = Attempt> = Omit<A, 'error'> & { error?: SaidError };
export type SaidReport = Omit<ResolveReport, 'error' | 'attempts'> & { error?: SaidError; attempts: SaidAttempt[] };

export function renderErrorHints<E extends Pick<SerializedError, 'hint'>>(error: E, nameOf: SettingNamer): SaidError<E> {
  return { ...error, hint: renderHint(error.hint, nameOf) };
}

export function renderAttemptHints<A extends Attempt>(attempt: A, nameOf: SettingNamer): SaidAttempt<A> {
  const { error, reason, ...rest } = attempt;
  return {
    ...rest,
    ...(error && { error: renderErrorHints(error, nameOf) }),
    ...(reason && { reason: reason.why === 'disabled' && reason.reason !== undefined ? { ...reason, reason: renderHint(reason.reason, nameOf) } : reason }),
  } as SaidAttempt<A>;
}

export function renderReportHints(report: ResolveReport, nameOf: SettingNamer): SaidReport {
  const { error, attempts, ...rest } = report;
  return {
    ...rest,
    ...(error && { error: renderErrorHints(error, nameOf) }),
    attempts: attempts.map((attempt) => renderAttemptHints(attempt, nameOf)),
  };
}
