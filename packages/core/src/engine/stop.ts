/**
 * Why the engine stopped an attempt itself (a winner was found, or the chain stopped on
 * a final error). Passed as the AbortSignal reason, so providers see an Error, and the
 * attempt is recorded as `cancelled` with this message, not as a failure.
 */
const stops = new WeakSet<Error>();

export function stopReason(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  stops.add(error);
  return error;
}

export function isStop(value: unknown): value is Error {
  return value instanceof Error && stops.has(value);
}
