/**
 * setTimeout for user-supplied limits. Node fires a timer of more than 2^31-1 ms (or
 * Infinity, NaN) after 1 ms, so "no limit" must not be scheduled at all and huge values are
 * clamped.
 */
const MAX_DELAY = 2 ** 31 - 1;

export function startTimer(ms: number, onTime: () => void): () => void {
  if (!Number.isFinite(ms)) return () => {};
  const timer = setTimeout(onTime, Math.min(Math.max(0, ms), MAX_DELAY));
  return () => clearTimeout(timer);
}
