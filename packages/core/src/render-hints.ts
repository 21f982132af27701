/**
 * Reports and errors leave an app as JSON (the CLI's --json, the web API) with their hints
 * in that app's words, so readers of the JSON see sentences, not parts. These put every
 * hint of a report, an attempt or an error into words with the app's `nameOf`.
 */
import type { SerializedError } from './errors.js';
import { renderHint, type SettingNamer } from './hints.js';
import type { Attempt, ResolveReport } from './schemas.js';

export function renderErrorHints<E extends Pick<SerializedError, 'hint'>>(error: E, nameOf: SettingNamer): E {
  return { ...error, hint: renderHint(error.hint, nameOf) };
}

export function renderAttemptHints<A extends Attempt>(attempt: A, nameOf: SettingNamer): A {
  const { error, reason } = attempt;
  return {
    ...attempt,
    ...(error && { error: renderErrorHints(error, nameOf) }),
    ...(reason?.why === 'disabled' && reason.reason !== undefined && { reason: { ...reason, reason: renderHint(reason.reason, nameOf) } }),
  };
}

export function renderReportHints<R extends Omit<ResolveReport, 'attempts'> & { attempts: Attempt[] }>(report: R, nameOf: SettingNamer): R {
  return {
    ...report,
    ...(report.error && { error: renderErrorHints(report.error, nameOf) }),
    attempts: report.attempts.map((attempt) => renderAttemptHints(attempt, nameOf)),
  };
}
