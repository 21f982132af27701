import { TiksaverError } from '@tiksaver/core';

/** The TiksaverError `fn` throws; anything else thrown, or nothing thrown, fails the test. */
export function errorOf(fn: () => unknown): TiksaverError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TiksaverError) return error;
    throw error;
  }
  throw new Error('expected a TiksaverError');
}

/** The TiksaverError the promise `fn` returns rejects with; same rules as errorOf. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<TiksaverError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof TiksaverError) return error;
    throw error;
  }
  throw new Error('expected a TiksaverError');
}
