/**
 * The native resolver when TikTok misbehaves (sandbox faults on www.tiktok.com): every
 * fault ends quickly with a specific code, never a crash or a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTiksaverError } from '@tiksaver/core';
import type { FaultKind } from '@tiksaver/sandbox';
import { createNativeProvider } from '../src/native/index.js';
import { openHarness, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

const CASES: Array<[FaultKind, string[], number?]> = [
  ['status-500', ['NETWORK']],
  ['status-503', ['NETWORK', 'RATE_LIMITED'], 1],
  ['status-429', ['RATE_LIMITED'], 1],
  ['reset', ['NETWORK']],
  ['truncate', ['NETWORK', 'UPSTREAM_CHANGED']],
  ['malformed', ['UPSTREAM_CHANGED']],
  ['schema-drift', ['UPSTREAM_CHANGED']],
  ['redirect-loop', ['UPSTREAM_CHANGED', 'NETWORK']],
  ['redirect-private', ['NETWORK', 'BLOCKED', 'UPSTREAM_CHANGED']],
  ['oversize', ['UPSTREAM_CHANGED'], 40 * 1024 * 1024],
  ['slow', ['TIMEOUT'], 200],
];

describe('native resolver under TikTok faults', () => {
  it.each(CASES)('%s ends with %j', async (kind, codes, value) => {
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
