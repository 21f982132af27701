/**
 * Hedging, timeouts and cancellation. No assertion looks at a duration: providers either
 * answer at once or hang until their signal fires, so the order of events is fixed.
 */
import { describe, expect, it } from 'vitest';
import { createResolver, type ResolveEvent } from '../src/index.js';
import { VIDEO_LINK, fails, hangs, ok, outcomes, provider, run, videoResult, reasonWords } from './engine-helpers.js';

const order = (events: ResolveEvent[]) =>
  events.flatMap((e) => (e.type === 'attempt-start' ? [`start:${e.provider}`] : e.type === 'attempt-end' ? [`end:${e.attempt.provider}:${e.attempt.outcome}`] : []));

describe('engine: hedged (default)', () => {
  it('starts the next provider when the current one is slow, and aborts the loser', async () => {
    const slow = hangs('slow');
    const later = ok('later');
    const resolver = createResolver({ providers: [slow, ok('fast'), later], hedgeDelayMs: 10 });
    const { report, events } = await run(resolver, VIDEO_LINK);
    expect(report.strategy).toBe('hedged');
    expect(report.provider).toBe('fast');
    expect(slow.signal?.aborted).toBe(true);
    expect(outcomes(report)).toEqual(['slow:cancelled', 'fast:ok', 'later:skipped']);
    expect(reasonWords(report.attempts[0])).toBe('not needed: fast answered first');
    expect(report.attempts[0]?.error).toBeUndefined();
    expect(later.calls).toHaveLength(0);
    expect(order(events)).toEqual(['start:slow', 'start:fast', 'end:fast:ok', 'end:slow:cancelled', 'end:later:skipped']);
  });

  it('starts the next provider at once when the current one fails, without waiting for the hedge delay', async () => {
    const resolver = createResolver({ providers: [fails('a', 'BLOCKED'), ok('b')], hedgeDelayMs: 600_000 });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.provider).toBe('b');
  });

  it('the earlier provider can still win while a hedge runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = provider('first', async () => {
      await gate;
      return videoResult('first');
    });
    const second = provider('second', (_link, ctx) => {
      // The hedge has started: let the first provider answer now.
      release();
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    });
    const resolver = createResolver({ providers: [first, second], hedgeDelayMs: 5 });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.provider).toBe('first');
    expect(second.signal?.aborted).toBe(true);
    expect(outcomes(report)).toEqual(['first:ok', 'second:cancelled']);
  });

  it('every slow provider gets a hedge: the third starts when the first two hang', async () => {
    const a = hangs('a');
    const b = hangs('b');
    const resolver = createResolver({ providers: [a, b, ok('c')], hedgeDelayMs: 5 });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.provider).toBe('c');
    expect(a.signal?.aborted && b.signal?.aborted).toBe(true);
  });
});

describe('engine: sequential', () => {
  it('starts the next provider only after the current one ended', async () => {
    const resolver = createResolver({ providers: [hangs('slow'), ok('b')], strategy: 'sequential', providerTimeoutMs: 20 });
    const { report, events } = await run(resolver, VIDEO_LINK);
    expect(order(events)).toEqual(['start:slow', 'end:slow:failed', 'start:b', 'end:b:ok']);
    expect(report.attempts[0]?.error).toMatchObject({ code: 'TIMEOUT', provider: 'slow' });
    expect(report.attempts[0]?.error?.message).toBe('SLOW did not answer within 20 ms.');
  });
});

describe('engine: time limits and cancellation', () => {
  it('Infinity means no limit (never scheduled as a 1 ms timer)', async () => {
    const late = provider('late', () => new Promise((resolve) => setTimeout(() => resolve(videoResult('late')), 30)));
    const resolver = createResolver({ providers: [late], providerTimeoutMs: Number.POSITIVE_INFINITY, totalTimeoutMs: Number.POSITIVE_INFINITY });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.provider).toBe('late');
  });

  it('a provider that exceeds its timeout fails with TIMEOUT and its signal fires', async () => {
    const slow = hangs('slow');
    const resolver = createResolver({ providers: [slow], providerTimeoutMs: 15 });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('TIMEOUT');
    expect(slow.signal?.aborted).toBe(true);
  });

  it('the total deadline ends the resolution with TIMEOUT and skips providers not yet started', async () => {
    const a = hangs('a');
    const resolver = createResolver({ providers: [a, ok('never')], strategy: 'sequential', totalTimeoutMs: 30, providerTimeoutMs: 600_000 });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('TIMEOUT');
    expect(report.error?.message).toContain('total time limit');
    expect(outcomes(report)).toEqual(['a:failed', 'never:skipped']);
    expect(reasonWords(report.attempts[1])).toMatch(/^stopped: No provider answered within the total time limit/);
    expect(a.signal?.aborted).toBe(true);
  });

  it('an external AbortSignal cancels the running provider and the verdict is CANCELLED', async () => {
    const controller = new AbortController();
    const a = hangs('a');
    const resolver = createResolver({ providers: [a, ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'attempt-start') controller.abort();
      },
    });
    expect(report.error?.code).toBe('CANCELLED');
    expect(a.signal?.aborted).toBe(true);
    expect(outcomes(report)).toEqual(['a:cancelled', 'b:skipped']);
  });

  it('an already aborted signal tries nothing', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a] });
    const { report } = await run(resolver, VIDEO_LINK, { signal: AbortSignal.abort() });
    expect(report.error?.code).toBe('CANCELLED');
    expect(a.calls).toHaveLength(0);
    expect(outcomes(report)).toEqual(['a:skipped']);
  });

  it('cancelling under `all` cancels every running provider', async () => {
    const controller = new AbortController();
    const a = hangs('a');
    const b = hangs('b');
    let started = 0;
    const resolver = createResolver({ providers: [a, b], strategy: 'all' });
    const { report } = await run(resolver, VIDEO_LINK, {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'attempt-start' && ++started === 2) controller.abort();
      },
    });
    expect(report.error?.code).toBe('CANCELLED');
    expect(outcomes(report)).toEqual(['a:cancelled', 'b:cancelled']);
  });
});
