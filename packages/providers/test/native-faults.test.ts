/**
 * The native resolver when TikTok misbehaves (sandbox faults on www.tiktok.com): every
 * fault ends quickly with a specific code, never a crash or a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTiksaverError } from '@tiksaver/core';
import type { FaultKind } from '@tiksaver/sandbox';
import { createNativeProvider } from '../src/native/index.js';
import { faultCodes } from './contract/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

/** Each fault, with the strength it is applied at (Retry-After seconds, bytes, drip interval). */
const CASES: Array<[FaultKind, number?]> = [
  ['status-500'],
  ['status-503', 1],
  ['status-429', 1],
  ['reset'],
  ['truncate'],
  ['malformed'],
  ['schema-drift'],
  ['redirect-loop'],
  ['redirect-private'],
  ['oversize', 40 * 1024 * 1024],
  ['slow', 200],
];

describe('native resolver under TikTok faults', () => {
  it.each(CASES)('%s', async (kind, value) => {
    const codes = faultCodes(kind, 'native');
    h.sandbox.clearFaults();
    // 'tiktok' = every TikTok web host (www and m): each page route meets the fault.
    h.sandbox.setFault('tiktok', { kind, ...(value !== undefined && { value }) });
    const provider = createNativeProvider({ timeoutMs: 1500, now: () => h.sandbox.now() });
    const error = await provider
      .resolve(h.link(h.sandbox.scenario('video-post')), h.ctx())
      .then(() => undefined, (e: unknown) => e);
    expect(isTiksaverError(error), String(error)).toBe(true);
    expect(codes).toContain((error as { code: string }).code);
    h.sandbox.clearFaults();
  }, 30_000);
});
