/**
 * A real sandbox + the real HTTP client for adapter integration tests: every request goes
 * over 127.0.0.1 sockets through the host map, nothing is stubbed.
 */
import {
  createHttpClient,
  isTiksaverError,
  parseLink,
  Resolution as ResolutionSchema,
  silentLogger,
  type HttpClient,
  type MediaItem,
  type ParsedLink,
  type Provider,
  type ProviderContext,
  type Resolution,
  type Want,
} from '@tiksaver/core';
import { startSandbox, type Sandbox, type SandboxOptions } from '@tiksaver/sandbox';
import type { Scenario, ScenarioExpectation } from '@tiksaver/sandbox';
import { expect } from 'vitest';

export interface Harness {
  sandbox: Sandbox;
  http: HttpClient;
  ctx(options?: { want?: Want; signal?: AbortSignal }): ProviderContext;
  link(scenario: Scenario, form?: 'link' | 'short'): ParsedLink;
  /** The outcome as data: the Resolution or the error code. */
  outcome(provider: Provider, scenario: Scenario, options?: { want?: Want; form?: 'link' | 'short' }): Promise<{ ok: true; result: Resolution } | { ok: false; code: string; error: unknown }>;
  /** GETs a media item the way the downloader would (item headers, fresh jar); returns status, type, bytes. */
  fetchMedia(item: MediaItem): Promise<{ status: number; contentType: string; bytes: number }>;
  close(): Promise<void>;
}

export async function openHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox(options);
  // The address guard refuses redirects into private address space (never leave 127.0.0.1).
  const http = createHttpClient({ hostMap: sandbox.hostMap, retries: 0, addressGuard: true });
  const ctx: Harness['ctx'] = ({ want = 'auto', signal = new AbortController().signal } = {}) => ({
    signal,
    http: http.fork(),
    logger: silentLogger,
    want,
  });
  const link: Harness['link'] = (scenario, form = 'link') => parseLink(form === 'link' ? scenario.link : scenario.shortLink);
  return {
    sandbox,
    http,
    ctx,
    link,
    async outcome(provider, scenario, { want = 'auto', form = 'link' } = {}) {
      try {
        return { ok: true, result: await provider.resolve(link(scenario, form), ctx({ want })) };
      } catch (error) {
        return { ok: false, code: isTiksaverError(error) ? error.code : `not a TiksaverError: ${String(error)}`, error };
      }
    },
    async fetchMedia(item) {
      const res = await http.fork().request(item.url, { ...(item.headers && { headers: item.headers }), okStatuses: [403, 404] });
      const body = await res.bytes();
      return { status: res.status, contentType: res.header('content-type') ?? '', bytes: body.length };
    },
    close: async () => {
      await http.close?.();
      await sandbox.close();
    },
  };
}

/** The set of media types a resolution delivers, sorted, for comparison with `expect.media`. */
export function mediaTypes(resolution: Resolution): string[] {
  return [...new Set(resolution.items.map((item) => item.type))].sort();
}

type Outcome = Awaited<ReturnType<Harness['outcome']>>;

/**
 * Checks an outcome against what the scenario catalogue expects of one provider: the
 * expected error code, or a valid Resolution of the expected kind, id and media types.
 * Returns the Resolution when one was expected, for the provider's own further checks.
 */
export function expectCatalogueOutcome(outcome: Outcome, scenario: Scenario, expected: ScenarioExpectation): Resolution | undefined {
  if (!expected.ok) {
    expect(outcome.ok ? 'resolved' : outcome.code).toBe(expected.code);
    return undefined;
  }
  expect(outcome.ok, outcome.ok ? '' : String((outcome as { error: unknown }).error)).toBe(true);
  if (!outcome.ok) return undefined;
  expect(ResolutionSchema.parse(outcome.result)).toEqual(outcome.result);
  expect(outcome.result.kind).toBe(expected.kind);
  expect(outcome.result.id).toBe(scenario.itemId);
  expect(mediaTypes(outcome.result)).toEqual([...expected.media].sort());
  return outcome.result;
}

/** Waits (bounded) until the sandbox log shows a request matching `test`. */
export async function waitForRequest(sandbox: Sandbox, test: (path: string, method: string) => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (sandbox.log.all().some((entry) => test(entry.path, entry.method))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('request never reached the sandbox');
}
