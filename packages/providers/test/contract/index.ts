/**
 * The provider contract suite (issue 7): every provider, native included, runs the same
 * checks against the sandbox, unchanged:
 * - each scenario ends as scenario.expect[provider.id] says (ok with kind and media, or
 *   the error code), and an ok result is a valid core Resolution;
 * - capabilities are honoured: what it delivers is declared, and a link kind it does not
 *   take is UNSUPPORTED_KIND, never a wrong result;
 * - aborting stops in-flight requests (the sandbox hangs every request);
 * - no request, redirect or media URL leaves the host map.
 *
 * Uses vitest's describe/it, so it lives under test/ (never part of the package build).
 * The fault -> code table every fault test checks against is here too (fault-codes.ts).
 *
 *   testProvider({ createProvider: () => createTikwmProvider() });
 */
import {
  createHttpClient,
  isTiksaverError,
  parseLink,
  Resolution,
  silentLogger,
  type HttpClient,
  type MediaType,
  type Provider,
  type ProviderContext,
  type TiksaverError,
} from '@tiksaver/core';
import { SCENARIOS, startSandbox, type Sandbox, type Scenario, type SandboxOptions } from '@tiksaver/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { observeHttp, type HttpObservation } from './observe-http.js';

export { observeHttp, type HttpObservation } from './observe-http.js';
export { faultCodes, type FaultOutcome } from './fault-codes.js';

export interface TestProviderOptions {
  /** Name for the describe block (default: provider.id when a ready provider is given). */
  id?: string;
  /** A ready provider, or a factory that gets the running sandbox (e.g. for its cobalt URL or clock). */
  provider?: Provider;
  createProvider?: (sandbox: Sandbox) => Provider;
  /** Scenario ids to run (default: every sandbox scenario). */
  scenarios?: string[];
  /** Use a sandbox the caller manages; default: start one for the suite. */
  sandbox?: () => Sandbox;
  sandboxOptions?: SandboxOptions;
}

interface Outcome {
  result?: Resolution;
  error?: TiksaverError;
}

const MEDIA_ORDER: MediaType[] = ['video', 'image', 'audio'];

function mediaOf(result: Resolution): MediaType[] {
  return MEDIA_ORDER.filter((type) => result.items.some((item) => item.type === type));
}

export function testProvider(options: TestProviderOptions): void {
  const probe = options.provider;
  const title = options.id ?? probe?.id ?? 'provider';
  describe(`provider contract: ${title}`, () => {
    let sandbox: Sandbox;
    let ownSandbox = false;
    let http: HttpClient & { close?: () => Promise<void> };
    let provider: Provider;

    beforeAll(async () => {
      if (options.sandbox) sandbox = options.sandbox();
      else {
        sandbox = await startSandbox(options.sandboxOptions);
        ownSandbox = true;
      }
      // The address guard refuses anything that is neither mapped nor public, and the
      // observer below refuses anything unmapped before it is sent.
      http = createHttpClient({ hostMap: sandbox.hostMap, addressGuard: true, retries: 0 });
      provider = options.createProvider ? options.createProvider(sandbox) : options.provider!;
      if (!provider) throw new Error('testProvider needs provider or createProvider');
    });

    afterAll(async () => {
      sandbox?.clearFaults();
      await http?.close?.();
      if (ownSandbox) await sandbox?.close();
    });

    beforeEach(() => {
      sandbox.clearFaults();
    });

    async function run(scenario: Scenario, signal = new AbortController().signal): Promise<Outcome & { observation: HttpObservation }> {
      const observed = observeHttp(http.fork());
      const ctx: ProviderContext = { signal, http: observed, logger: silentLogger, want: 'auto' };
      const link = parseLink(scenario.link);
      try {
        return { result: await provider.resolve(link, ctx), observation: observed.observation };
      } catch (error) {
        if (!isTiksaverError(error)) throw error;
        return { error, observation: observed.observation };
      }
    }

    // Scenario ids are known statically (one test each); the provider id only once it exists.
    const scenarioIds = options.scenarios;
    const catalogue = () => SCENARIOS.filter((s) => !scenarioIds || scenarioIds.includes(s.id));

    it('declares an id, a label and capabilities', () => {
      expect(provider.id).toMatch(/^[a-z0-9-]+$/);
      expect(provider.label).toBeTruthy();
      expect(provider.capabilities.linkKinds.length).toBeGreaterThan(0);
    });

    for (const scenario of catalogue()) {
      it(`scenario ${scenario.id}: ${scenario.title}`, async () => {
        const expected = scenario.expect[provider.id as keyof Scenario['expect']];
        if (!expected) return;
        const { result, error, observation } = await run(scenario);
        expect(observation.unmapped, 'requests outside the host map').toEqual([]);
        if (!expected.ok) {
          expect(error?.code ?? `resolved as ${result?.kind}`, error?.message).toBe(expected.code);
          return;
        }
        expect(error, error && `${error.code}: ${error.message}`).toBeUndefined();
        const parsed = Resolution.safeParse(result);
        expect(parsed.success ? [] : parsed.error.issues, 'valid core Resolution').toEqual([]);
        const got = parsed.data!;
        // A provider that cannot tell a story from a post may call a story clip a video.
        expect(got.kind === expected.kind || (expected.kind === 'story' && got.kind === 'video'), `kind ${got.kind}`).toBe(true);
        expect(mediaOf(got)).toEqual(MEDIA_ORDER.filter((m) => expected.media.includes(m)));
        const declared = provider.capabilities.media[got.kind] ?? [];
        expect(mediaOf(got).filter((m) => !declared.includes(m)), `undeclared ${got.kind} media`).toEqual([]);
        const outside = got.items.flatMap((item) => [item.url, ...(item.fallbackUrls ?? [])]).filter((url) => !http.isMapped(url));
        expect(outside, 'media URLs outside the host map').toEqual([]);
      });
    }

    it('answers UNSUPPORTED_KIND for link kinds it does not declare', async () => {
      const declared = provider.capabilities.linkKinds;
      const sample = catalogue().find((s) => s.expect[provider.id as keyof Scenario['expect']]?.ok);
      if (!sample) return;
      const kinds = (['story', 'video', 'photo'] as const).filter((k) => !declared.includes(k));
      for (const kind of kinds) {
        const link = { ...parseLink(sample.link), kind };
        const observed = observeHttp(http.fork());
        await expect(provider.resolve(link, { signal: new AbortController().signal, http: observed, logger: silentLogger, want: 'auto' })).rejects.toMatchObject({
          code: 'UNSUPPORTED_KIND',
        });
      }
    });

    it('stops in-flight requests when aborted', async () => {
      const sample = catalogue().find((s) => s.expect[provider.id as keyof Scenario['expect']]?.ok);
      if (!sample) return;
      sandbox.setFault('*', { kind: 'hang' });
      const before = sandbox.log.all().length;
      const controller = new AbortController();
      const pending = run(sample, controller.signal);
      // Abort once the provider's first request is hanging in the sandbox.
      for (let i = 0; i < 200 && sandbox.log.all().length === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(sandbox.log.all().length).toBeGreaterThan(before);
      controller.abort();
      const outcome = await Promise.race([
        pending,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('resolve() did not stop after abort')), 15_000)),
      ]);
      expect(outcome.result).toBeUndefined();
      expect(outcome.error?.code).toBe('CANCELLED');
      sandbox.clearFaults();
    }, 30_000);
  });
}
