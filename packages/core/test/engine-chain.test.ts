import { describe, expect, it } from 'vitest';
import { createResolver, TiksaverError } from '../src/index.js';
import { ID, STORY_LINK, VIDEO_LINK, fails, hangs, deaf, ok, outcomes, photoResult, provider, run, videoResult, reasonWords, hintWords } from './engine-helpers.js';

describe('engine: order and selection', () => {
  it('tries providers in registry order until one succeeds', async () => {
    const resolver = createResolver({ providers: [fails('a', 'NETWORK'), fails('b', 'BLOCKED'), ok('c'), ok('d')], strategy: 'sequential' });
    const { report, events } = await run(resolver, VIDEO_LINK);
    expect(report.ok).toBe(true);
    expect(report.provider).toBe('c');
    expect(report.result?.caption).toBe('c');
    expect(outcomes(report)).toEqual(['a:failed', 'b:failed', 'c:ok', 'd:skipped']);
    expect(reasonWords(report.attempts[3])).toBe('not needed: c answered first');
    const starts = events.flatMap((e) => (e.type === 'attempt-start' ? [e.provider] : []));
    expect(starts).toEqual(['a', 'b', 'c']);
  });

  it('uses the order and subset given per call', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a, fails('b', 'NETWORK'), ok('c')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK, { providers: ['b', 'c'] });
    expect(outcomes(report)).toEqual(['b:failed', 'c:ok']);
    expect(a.calls).toHaveLength(0);
  });

  it('leaves excluded providers out entirely', async () => {
    const resolver = createResolver({ providers: [ok('a'), ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK, { exclude: ['a'] });
    expect(outcomes(report)).toEqual(['b:ok']);
  });

  it('rejects unknown provider names with MISCONFIGURED and tries nothing', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a] });
    const { report } = await run(resolver, VIDEO_LINK, { providers: ['a', 'nope'] });
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('MISCONFIGURED');
    expect(report.error?.message).toContain('"nope"');
    expect(report.attempts).toEqual([]);
    expect(a.calls).toHaveLength(0);
  });

  it('skips a provider whose capabilities exclude the link kind, with the reason', async () => {
    const videoOnly = ok('videoonly', { capabilities: { linkKinds: ['video'], media: { video: ['video'] } } });
    const resolver = createResolver({ providers: [videoOnly, ok('b')] });
    const { report } = await run(resolver, STORY_LINK);
    expect(outcomes(report)).toEqual(['videoonly:skipped', 'b:ok']);
    expect(reasonWords(report.attempts[0])).toBe('cannot take story links');
    expect(videoOnly.calls).toHaveLength(0);
  });

  it('skips a provider that cannot deliver the wanted media', async () => {
    const noAudio = ok('noaudio', { capabilities: { linkKinds: ['photo'], media: { photo: ['image'] } } });
    const resolver = createResolver({ providers: [noAudio, provider('b', () => photoResult())] });
    const { report } = await run(resolver, `https://www.tiktok.com/@creator/photo/${ID}`, { want: 'audio' });
    expect(outcomes(report)).toEqual(['noaudio:skipped', 'b:ok']);
    expect(reasonWords(report.attempts[0])).toBe('cannot deliver audio');
  });

  it('records a disabled provider as skipped with its reason', async () => {
    const cobalt = ok('cobalt', { enabled: false, disabledReason: 'no instance URL set (TIKSAVER_COBALT_URL)' });
    const resolver = createResolver({ providers: [cobalt, ok('b')] });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.attempts[0]).toEqual({ provider: 'cobalt', outcome: 'skipped', reason: { why: 'disabled', reason: 'no instance URL set (TIKSAVER_COBALT_URL)' } });
    expect(reasonWords(report.attempts[0])).toBe('disabled: no instance URL set (TIKSAVER_COBALT_URL)');
    expect(cobalt.calls).toHaveLength(0);
    expect(report.provider).toBe('b');
  });

  it('says so when no selected provider can run', async () => {
    const resolver = createResolver({ providers: [ok('a', { enabled: false }), ok('b', { enabled: false })] });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('MISCONFIGURED');
    expect(outcomes(report)).toEqual(['a:skipped', 'b:skipped']);

    const narrow = createResolver({ providers: [ok('v', { capabilities: { linkKinds: ['video'], media: { video: ['video'] } } })] });
    const { report: story } = await run(narrow, STORY_LINK);
    expect(story.error?.code).toBe('UNSUPPORTED_KIND');
    expect(story.error?.message).toContain('story link');
  });
});

describe('engine: verdicts', () => {
  it('stops the chain at a final error and records the rest as skipped', async () => {
    const after = ok('after');
    const resolver = createResolver({ providers: [fails('a', 'PRIVATE'), after], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.ok).toBe(false);
    expect(report.error).toMatchObject({ code: 'PRIVATE', provider: 'a', final: true });
    expect(outcomes(report)).toEqual(['a:failed', 'after:skipped']);
    expect(report.attempts[1]?.reason).toEqual({ why: 'final', code: 'PRIVATE', provider: 'a' });
    expect(reasonWords(report.attempts[1])).toBe('stopped: PRIVATE is final');
    expect(after.calls).toHaveLength(0);
  });

  it('a final error under hedging also stops the provider still running', async () => {
    const slow = hangs('slow');
    const resolver = createResolver({ providers: [slow, fails('b', 'EXPIRED'), ok('c')], hedgeDelayMs: 5 });
    const { report } = await run(resolver, STORY_LINK);
    expect(report.error?.code).toBe('EXPIRED');
    expect(outcomes(report)).toEqual(['slow:cancelled', 'b:failed', 'c:skipped']);
    expect(slow.signal?.aborted).toBe(true);
    expect(reasonWords(report.attempts[0])).toBe('stopped: EXPIRED is final');
  });

  it('NOT_FOUND from every provider that answered becomes the verdict, with the expired-or-deleted hint', async () => {
    const resolver = createResolver({
      providers: [fails('a', 'NOT_FOUND'), fails('b', 'NETWORK'), fails('c', 'NOT_FOUND')],
      strategy: 'sequential',
    });
    const { report } = await run(resolver, STORY_LINK);
    expect(report.error?.code).toBe('NOT_FOUND');
    expect(report.error?.message).toContain('a, c say this story does not exist');
    expect(report.error?.message).toContain('b: NETWORK');
    expect(hintWords(report.error?.hint)).toMatch(/expired/);
    expect(hintWords(report.error?.hint)).toMatch(/deleted/);
    expect(hintWords(report.error?.hint)).toMatch(/region or IP/);
    expect(outcomes(report)).toEqual(['a:failed', 'b:failed', 'c:failed']);
  });

  it('a region block outranks NOT_FOUND (no consensus)', async () => {
    const resolver = createResolver({ providers: [fails('a', 'NOT_FOUND'), fails('b', 'REGION_BLOCKED')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('REGION_BLOCKED');
    expect(report.error?.message).toContain('different reasons');
    expect(report.error?.detail).toEqual({ reasons: { a: 'NOT_FOUND', b: 'REGION_BLOCKED' }, summary: 'Every provider failed, for different reasons.' });
  });

  it('picks the most informative error when every provider failed differently', async () => {
    const resolver = createResolver({
      providers: [fails('a', 'NETWORK'), fails('b', 'RATE_LIMITED'), fails('c', 'UPSTREAM_CHANGED')],
      strategy: 'sequential',
    });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('RATE_LIMITED');
    expect(report.error?.message).toMatch(/^Every provider failed, for different reasons/);
    expect(report.error?.message).toContain('a: NETWORK');
    expect(report.error?.message).toContain('c: UPSTREAM_CHANGED');
  });

  it('a single failure is reported as it is', async () => {
    const resolver = createResolver({ providers: [fails('a', 'BLOCKED')] });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error).toMatchObject({ code: 'BLOCKED', message: 'a says BLOCKED', provider: 'a' });
  });

  it('wraps an unexpected throw into a TiksaverError naming the provider', async () => {
    const buggy = provider('buggy', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'itemStruct')");
    });
    const resolver = createResolver({ providers: [buggy, ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.attempts[0]?.error).toMatchObject({
      code: 'UPSTREAM_CHANGED',
      provider: 'buggy',
      message: "Cannot read properties of undefined (reading 'itemStruct')",
    });
    expect(report.provider).toBe('b');
  });

  it('an abort inside a provider that nobody asked for does not stop the chain', async () => {
    const aborts = provider('aborts', () => {
      throw new DOMException('This operation was aborted', 'AbortError');
    });
    const resolver = createResolver({ providers: [aborts, ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.attempts[0]?.error?.code).toBe('NETWORK');
    expect(report.provider).toBe('b');
  });

  it('a malformed result is UPSTREAM_CHANGED with the failing path, and the chain goes on', async () => {
    const broken = provider('broken', () => ({ kind: 'video', id: ID, url: VIDEO_LINK, items: [{ type: 'video' }] }) as never);
    const resolver = createResolver({ providers: [broken, ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.attempts[0]?.error?.code).toBe('UPSTREAM_CHANGED');
    expect(report.attempts[0]?.error?.message).toContain('items.0.url');
    expect(report.provider).toBe('b');
  });
});

describe('engine: wanted media', () => {
  it('a result without images counts as NO_MEDIA and the next provider is tried', async () => {
    const resolver = createResolver({
      providers: [provider('a', () => ({ ...photoResult(), items: [] })), provider('b', () => photoResult())],
      strategy: 'sequential',
    });
    const { report } = await run(resolver, `https://www.tiktok.com/@creator/photo/${ID}`);
    expect(report.attempts[0]?.error).toMatchObject({ code: 'NO_MEDIA', provider: 'a' });
    expect(report.provider).toBe('b');
  });

  it('a kind the provider cannot deliver the wanted media for is UNSUPPORTED_KIND', async () => {
    const imagesOnly = provider('imagesonly', () => photoResult(false), {
      capabilities: { linkKinds: ['video', 'photo'], media: { video: ['video'], photo: ['image'] } },
    });
    const resolver = createResolver({ providers: [imagesOnly, provider('b', () => photoResult(true))], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK, { want: 'audio' });
    expect(report.attempts[0]?.error).toMatchObject({ code: 'UNSUPPORTED_KIND', provider: 'imagesonly' });
    expect(report.attempts[0]?.error?.message).toContain('cannot deliver audio for a photo');
    expect(report.provider).toBe('b');
    expect(report.want).toBe('audio');
  });

  it('images asked of a video: the post has none, so NO_MEDIA (not "this provider cannot") and the chain stops there', async () => {
    const resolver = createResolver({ providers: [ok('a'), ok('b')], strategy: 'sequential' });
    const { report } = await run(resolver, VIDEO_LINK, { want: 'image' });
    expect(report.attempts[0]?.error).toMatchObject({ code: 'NO_MEDIA', final: true });
    expect(report.attempts[1]?.outcome).not.toBe('failed');
    expect(report.attempts[1]?.outcome).not.toBe('ok');
    expect(report.error).toMatchObject({ code: 'NO_MEDIA', final: true });
    expect(report.attempts[0]?.error?.message).toContain('found the video but it has no images');
    // What the post does hold, for a one-click "save that instead".
    expect(report.error?.detail?.media).toMatchObject({ video: 2, audio: 1 });
  });

  it('a NOT_FOUND from one provider does not outrank another that found the post without the wanted media', async () => {
    const resolver = createResolver({
      providers: [fails('b', 'NOT_FOUND'), provider('a', () => photoResult(false))],
      strategy: 'sequential',
    });
    const { report } = await run(resolver, `https://www.tiktok.com/@creator/photo/${ID}`, { want: 'audio' });
    expect(report.attempts.map((a) => a.error?.code)).toEqual(['NOT_FOUND', 'NO_MEDIA']);
    expect(report.error?.code).toBe('NO_MEDIA');
    expect(report.error?.message).toContain('found the photo but it has no audio');
  });

  it('video asked of a photo link: NO_MEDIA before any provider runs, with the outputs it does have', async () => {
    const resolver = createResolver({ providers: [ok('a')] });
    const { report } = await run(resolver, `https://www.tiktok.com/@creator/photo/${ID}`, { want: 'video' });
    expect(report.error).toMatchObject({ code: 'NO_MEDIA', message: 'A photo post has no video.' });
    expect(report.error?.hint).toContain('images or audio');
  });

  it('no selected provider takes the link kind: the hint names those that do', async () => {
    const videoOnly = { linkKinds: ['video', 'photo'] as const, media: { video: ['video', 'audio'], photo: ['image', 'audio'] } };
    const resolver = createResolver({
      providers: [ok('a', { capabilities: videoOnly as never }), ok('b'), ok('c', { enabled: false, disabledReason: 'not in the providers list' })],
    });
    const { report } = await run(resolver, STORY_LINK, { providers: ['a'] });
    expect(report.error?.code).toBe('UNSUPPORTED_KIND');
    expect(report.error?.hint).toBe('b, c can: add one of them to the providers to try.');
  });

  it('keeps every item in the result so UIs can offer choices', async () => {
    const resolver = createResolver({ providers: [ok('a')] });
    const { report } = await run(resolver, VIDEO_LINK, { want: 'video' });
    expect(report.result?.items).toHaveLength(3);
    expect(report.attempts[0]?.result?.items).toHaveLength(3);
  });
});

describe('engine: wrong and invalid input', () => {
  it.each([
    ['https://www.tiktok.com/@creator', 'WRONG_LINK_KIND', "@creator's profile"],
    ['https://www.tiktok.com/tag/funny', 'WRONG_LINK_KIND', '#funny'],
    ['https://www.youtube.com/watch?v=x', 'NOT_TIKTOK', 'www.youtube.com'],
    ['hello', 'INVALID_INPUT', 'No TikTok link'],
    ['', 'INVALID_INPUT', 'Nothing was pasted'],
  ])('%s ends at once with %s and zero attempts', async (input, code, words) => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a] });
    const { report, events } = await run(resolver, input);
    expect(report.error?.code).toBe(code);
    expect(report.error?.message).toContain(words);
    expect(report.error?.final).toBe(true);
    expect(report.attempts).toEqual([]);
    expect(a.calls).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['link', 'done']);
  });

  it('providers get the canonical link', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a] });
    await run(resolver, `Look! https://m.tiktok.com/@creator/video/${ID}?_t=abc&_r=1`);
    expect(a.calls[0]?.link).toMatchObject({ kind: 'video', id: ID, url: VIDEO_LINK, username: 'creator' });
  });
});

describe('engine: provider context', () => {
  it('gives each attempt a fork of the client, the want and a logger', async () => {
    const forks: unknown[] = [];
    const http = {
      fork: () => {
        const child = { child: forks.length };
        forks.push(child);
        return child;
      },
    } as never;
    const a = fails('a', 'NETWORK');
    const b = ok('b');
    const resolver = createResolver({ providers: [a, b], http, strategy: 'sequential' });
    await run(resolver, VIDEO_LINK, { want: 'video' });
    expect(forks).toHaveLength(2);
    expect(a.calls[0]?.ctx.http).toBe(forks[0]);
    expect(b.calls[0]?.ctx.http).toBe(forks[1]);
    expect(b.calls[0]?.ctx.want).toBe('video');
    expect(typeof b.calls[0]?.ctx.logger.debug).toBe('function');
  });

  it('without an HTTP client, a provider that uses one fails with MISCONFIGURED', async () => {
    const needsHttp = provider('needshttp', async (_link, ctx) => {
      await ctx.http.getText('https://www.tiktok.com/');
      return videoResult();
    });
    const resolver = createResolver({ providers: [needsHttp] });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(report.error?.code).toBe('MISCONFIGURED');
  });
});

describe('engine: events', () => {
  it('emits link, then attempt-start/attempt-end pairs, then done', async () => {
    const resolver = createResolver({
      providers: [ok('off', { enabled: false }), fails('a', 'NETWORK'), ok('b'), ok('c')],
      strategy: 'sequential',
    });
    const { report, events } = await run(resolver, VIDEO_LINK);
    expect(events.map((e) => (e.type === 'attempt-start' ? `start:${e.provider}` : e.type === 'attempt-end' ? `end:${e.attempt.provider}:${e.attempt.outcome}` : e.type))).toEqual([
      'link',
      'end:off:skipped',
      'start:a',
      'end:a:failed',
      'start:b',
      'end:b:ok',
      'end:c:skipped',
      'done',
    ]);
    const done = events.at(-1);
    expect(done?.type === 'done' && done.report).toBe(report);
  });

  it('a listener that throws does not break the resolution', async () => {
    const resolver = createResolver({ providers: [ok('a')] });
    const report = await resolver.resolve(VIDEO_LINK, {
      onEvent: () => {
        throw new Error('UI bug');
      },
    });
    expect(report.ok).toBe(true);
  });
});

describe('engine: all', () => {
  it('runs every provider to the end, ignoring final errors, and keeps each result', async () => {
    const resolver = createResolver({
      providers: [fails('a', 'PRIVATE'), ok('b'), fails('c', 'NETWORK'), ok('d')],
      strategy: 'all',
    });
    const { report } = await run(resolver, VIDEO_LINK);
    expect(outcomes(report)).toEqual(['a:failed', 'b:ok', 'c:failed', 'd:ok']);
    expect(report.ok).toBe(true);
    expect(report.provider).toBe('b');
    expect(report.strategy).toBe('all');
    expect(report.attempts[1]?.result?.caption).toBe('b');
    expect(report.attempts[3]?.result?.caption).toBe('d');
  });

  it('reports the verdict when every provider failed', async () => {
    const resolver = createResolver({ providers: [fails('a', 'NOT_FOUND'), fails('b', 'NOT_FOUND')], strategy: 'all' });
    const { report } = await run(resolver, STORY_LINK);
    expect(report.error?.code).toBe('NOT_FOUND');
    expect(report.error?.message).toContain('Every provider that was asked (a, b)');
  });
});

it('TiksaverError thrown by a provider keeps its hint and retryAfterMs in the attempt', async () => {
  const limited = provider('limited', () => {
    throw new TiksaverError('RATE_LIMITED', 'tikwm allows one request per second', { retryAfterMs: 1000, hint: 'wait' });
  });
  const resolver = createResolver({ providers: [limited] });
  const { report } = await run(resolver, VIDEO_LINK);
  expect(report.attempts[0]?.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000, hint: 'wait', provider: 'limited' });
  expect(report.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });
});

it('a provider that ignores its signal cannot hang the engine', async () => {
  const resolver = createResolver({ providers: [deaf('deaf'), ok('b')], providerTimeoutMs: 20, strategy: 'sequential' });
  const { report } = await run(resolver, VIDEO_LINK);
  expect(report.attempts[0]?.error?.code).toBe('TIMEOUT');
  expect(report.provider).toBe('b');
});

it('the wrapped error keeps the original throw as its cause', async () => {
  const { runAttempt } = await import('../src/engine/attempt.js');
  const bug = new TypeError('boom');
  const buggy = provider('buggy', () => {
    throw bug;
  });
  const run = await runAttempt(
    buggy,
    {
      link: { kind: 'video', input: VIDEO_LINK, url: VIDEO_LINK, id: ID },
      want: 'auto',
      http: () => ({}) as never,
      logger: { debug() {}, info() {}, warn() {} },
      providerTimeoutMs: 60_000,
      scope: new AbortController().signal,
      emit: () => {},
    },
    new AbortController().signal,
  );
  expect(run.error).toBeInstanceOf(TiksaverError);
  expect(run.error).toMatchObject({ code: 'UPSTREAM_CHANGED', provider: 'buggy', message: 'boom' });
  expect(run.error?.cause).toBe(bug);
});
