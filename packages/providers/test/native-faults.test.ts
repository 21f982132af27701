/**
 * The native resolver when TikTok misbehaves (sandbox faults on www.tiktok.com): every
 * fault ends quickly with a specific code, never a crash or a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, isTiksaverError, parseLink, silentLogger, type HttpClient } from '@tiksaver/core';
import { startSandbox, type FaultKind, type Sandbox } from '@tiksaver/sandbox';
import { createNativeProvider } from '../src/native/index.js';

let sandbox: Sandbox;
let http: HttpClient & { close?: () => Promise<void> };

beforeAll(async () => {
  sandbox = await startSandbox();
  http = createHttpClient({ hostMap: sandbox.hostMap, addressGuard: true });
});
afterAll(async () => {
  await http?.close?.();
  await sandbox?.close();
});

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
    sandbox.clearFaults();
    sandbox.setFault('www.tiktok.com', { kind, ...(value !== undefined && { value }) });
    const provider = createNativeProvider({ timeoutMs: 1500, now: () => sandbox.now() });
    const error = await provider
      .resolve(parseLink(sandbox.scenario('video-post').link), { signal: new AbortController().signal, http: http.fork(), logger: silentLogger, want: 'auto' })
      .then(() => undefined, (e: unknown) => e);
    expect(isTiksaverError(error), String(error)).toBe(true);
    expect(codes).toContain((error as { code: string }).code);
    sandbox.clearFaults();
  }, 30_000);
});
