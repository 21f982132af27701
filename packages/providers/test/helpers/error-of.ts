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
