import { describe, expect, it } from 'vitest';
import { TiksaverError, ERROR_CODES } from '@tiksaver/core';

describe('workspace resolution', () => {
  it('imports @tiksaver/core from source', () => {
    expect(new TiksaverError('EXPIRED', 'gone').final).toBe(ERROR_CODES.EXPIRED.final);
  });
});
