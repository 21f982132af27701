/**
 * The fault matrix (issue 17): every provider x every upstream fault, through the real
 * engine (sequential chain) against the sandbox over real sockets. Each cell: the faulted
 * provider fails with the right code, within its time limit plus a margin (a hang or a
 * drip must never outlast the limit), and the next provider in the chain wins. The table
 * is printed at the end (docs/RELIABILITY.md shows it).
 */
import { createHttpClient, createResolver } from '@tiksaver/core';
import { startSandbox, type FaultKind, type Sandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultProviders } from '../../src/registry.js';
import { faultCodes } from '../contract/index.js';

/**
 * The engine's per-attempt limit: the one bound that holds for every provider (an adapter's
 * own timeout is per request and idle-based, so a drip that keeps bytes coming is cut by
 * this limit). Long enough that the next provider is never cut short on a busy machine.
 */
const PROVIDER_TIMEOUT_MS = 2_000;
/** Generous: this bounds a hang (the cell must end), it does not measure speed. */
const MARGIN_MS = 4_000;

const SERVICE_OF: Record<string, string> = { native: 'tiktok', snaptik: 'snaptik', vidgap: 'vidgap', tikdown: 'tikdown', tikwm: 'tikwm', cobalt: 'cobalt' };

/** One fault as the matrix applies it; the codes that are right come from the contract's table (faultCodes). */
interface FaultCase {
  kind: FaultKind;
  label: string;
  value?: number;
}

const FAULTS: FaultCase[] = [
  { kind: 'hang', label: 'hang' },
  { kind: 'slow', label: 'slow drip', value: 16 },
  { kind: 'status-500', label: '5xx' },
  { kind: 'status-429', label: '429 + Retry-After', value: 1 },
  { kind: 'status-503', label: '503 + Retry-After', value: 1 },
  { kind: 'reset', label: 'reset' },
  { kind: 'truncate', label: 'truncated' },
  { kind: 'malformed', label: 'malformed' },
  { kind: 'schema-drift', label: 'schema drift' },
  { kind: 'redirect-loop', label: 'redirect loop' },
  { kind: 'redirect-private', label: 'redirect to private' },
  { kind: 'oversize', label: 'oversize', value: 48 * 1024 * 1024 },
];

export function faultMatrix(GROUP: string[]): void {
let sandbox: Sandbox;
let cobaltUrl = '';
const table = new Map<string, Map<string, string>>();

beforeAll(async () => {
  sandbox = await startSandbox();
  const cobaltHost = sandbox.hostMap.find((e) => e.origin === sandbox.urls.cobalt && !e.pattern.startsWith('*.'))?.pattern;
  cobaltUrl = `https://${cobaltHost}`;
});

afterAll(async () => {
  const ids = GROUP;
  const rows = FAULTS.map((f) => `| ${f.label} | ${ids.map((id) => table.get(f.label)?.get(id) ?? '-').join(' | ')} |`);
  console.log(['', `| fault | ${ids.join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`, ...rows, ''].join('\n'));
  await sandbox?.close();
});

describe.each(GROUP)('%s under upstream faults', (id) => {
  it.each(FAULTS)('$label: the right code in time, and the next provider wins', async (fault) => {
    const next = id === 'native' ? 'tikwm' : 'native';
    // A fresh client per cell: tikwm's pacing (1 request/s) must not carry over from the last cell.
    const http = createHttpClient({ hostMap: sandbox.hostMap, retries: 0, addressGuard: true });
    const providers = createDefaultProviders({ cobaltUrl });
    const resolver = createResolver({ providers, http, strategy: 'sequential', providerTimeoutMs: PROVIDER_TIMEOUT_MS, totalTimeoutMs: 30_000 });
    sandbox.clearFaults();
    sandbox.setFault(SERVICE_OF[id]!, { kind: fault.kind, ...(fault.value !== undefined && { value: fault.value }) });
    try {
      const report = await resolver.resolve(sandbox.scenario('video-post').link, { providers: [id, next] });
      const attempt = report.attempts.find((a) => a.provider === id)!;
      const code = attempt.outcome === 'ok' ? 'ok' : (attempt.error?.code ?? attempt.outcome);
      table.set(fault.label, (table.get(fault.label) ?? new Map()).set(id, `${code} ${((attempt.durationMs ?? 0) / 1000).toFixed(1)}s`));
      expect(faultCodes(fault.kind, id), `${id} ${fault.label}: ${attempt.error?.message}`).toContain(code);
      expect(attempt.durationMs ?? 0).toBeLessThan(PROVIDER_TIMEOUT_MS + MARGIN_MS);
      expect(report.ok).toBe(true);
      expect(report.provider).toBe(code === 'ok' ? id : next);
    } finally {
      sandbox.clearFaults();
      await http.close?.();
    }
  });
});
}
