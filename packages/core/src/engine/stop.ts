/**
 * Why the engine stopped an attempt itself (a winner was found, or the chain stopped on
 * a final error). Passed as the AbortSignal reason, so providers see an Error, and the
 * attempt is recorded as `cancelled` with this reason, not as a failure.
 */
import type { AttemptReason } from '../schemas.js';
import { describeReason } from './describe-reason.js';

const stops = new WeakMap<Error, AttemptReason>();

export function stopReason(reason: AttemptReason): Error {
  // The message is for providers that log their abort reason; the record keeps the data.
  const error = new Error(describeReason(reason, (setting) => setting));
  error.name = 'AbortError';
  stops.set(error, reason);
  return error;
}

/** The reason a stop error was made with, or undefined when `value` is no engine stop. */
export function reasonOfStop(value: unknown): AttemptReason | undefined {
  return value instanceof Error ? stops.get(value) : undefined;
}
