/** In-test providers and a tiny fake HTTP client for engine unit tests. */
import { expect } from 'vitest';
import {
  describeReason,
  renderHint,
  type Hint,
  ResolveReport,
  TiksaverError,
  type Attempt,
  type ErrorCode,
  type HttpClient,
  type HttpResponse,
  type ParsedLink,
  type Provider,
  type ProviderCapabilities,
  type ProviderContext,
  type Resolution,
  type ResolveEvent,
  type ResolveOptions,
  type Resolver,
} from '../src/index.js';

export const ID = '7240568259186019630';
export const VIDEO_LINK = `https://www.tiktok.com/@creator/video/${ID}`;
export const STORY_LINK = `https://www.tiktok.com/@creator/story/${ID}`;

export const ALL_KINDS: ProviderCapabilities = {
  linkKinds: ['story', 'video', 'photo'],
  media: { story: ['video', 'image', 'audio'], video: ['video', 'audio'], photo: ['image', 'audio'] },
};

export function videoResult(by = 'test'): Resolution {
  return {
    kind: 'video',
    id: ID,
    url: VIDEO_LINK,
    caption: by,
    items: [
      { type: 'video', url: `https://cdn.test/${by}/hd.mp4`, ext: 'mp4', quality: '1080p' },
      { type: 'video', url: `https://cdn.test/${by}/sd.mp4`, ext: 'mp4', quality: '540p' },
      { type: 'audio', url: `https://cdn.test/${by}/sound.mp3`, ext: 'mp3' },
    ],
  };
}

export function photoResult(withAudio = true): Resolution {
  return {
    kind: 'photo',
    id: ID,
    url: `https://www.tiktok.com/@creator/photo/${ID}`,
    items: [
      { type: 'image', url: 'https://cdn.test/1.jpeg', ext: 'jpg', index: 1 },
      { type: 'image', url: 'https://cdn.test/2.jpeg', ext: 'jpg', index: 2 },
      ...(withAudio ? [{ type: 'audio' as const, url: 'https://cdn.test/sound.mp3', ext: 'mp3' }] : []),
    ],
  };
}

export interface TestProvider extends Provider {
  calls: Array<{ link: ParsedLink; ctx: ProviderContext }>;
  /** The signal of the most recent call. */
  readonly signal: AbortSignal | undefined;
}

export function provider(
  id: string,
  behave: (link: ParsedLink, ctx: ProviderContext) => Promise<Resolution> | Resolution,
  extra: Partial<Provider> = {},
): TestProvider {
  const calls: TestProvider['calls'] = [];
  return {
    id,
    label: id.toUpperCase(),
    capabilities: ALL_KINDS,
    ...extra,
    calls,
    get signal() {
      return calls.at(-1)?.ctx.signal;
    },
    async resolve(link, ctx) {
      calls.push({ link, ctx });
      return behave(link, ctx);
    },
  };
}

export const ok = (id: string, extra?: Partial<Provider>) => provider(id, () => videoResult(id), extra);

export const fails = (id: string, code: ErrorCode, extra?: Partial<Provider>) =>
  provider(id, () => {
    throw new TiksaverError(code, `${id} says ${code}`);
  }, extra);

/** Never answers on its own; rejects with the abort reason when its signal fires. */
export const hangs = (id: string, extra?: Partial<Provider>) =>
  provider(id, (_link, ctx) => new Promise<Resolution>((_, reject) => {
    ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
  }), extra);

/** Never answers and ignores its signal entirely (a badly written provider). */
export const deaf = (id: string) => provider(id, () => new Promise<Resolution>(() => {}));

/** Resolves a report, checks it against the zod schema and returns it with the events seen. */
export async function run(resolver: Resolver, input: string, options: ResolveOptions = {}) {
  const events: ResolveEvent[] = [];
  const report = await resolver.resolve(input, {
    ...options,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  expect(ResolveReport.parse(report)).toEqual(report);
  return { report, events };
}

export function outcomes(report: ResolveReport): string[] {
  return report.attempts.map((a) => `${a.provider}:${a.outcome}`);
}

/** A fake client answering each URL from a table (unit tests only; integration tests use a real server). */
export function fakeHttp(routes: Record<string, { status: number; location?: string; body?: string }>) {
  const requested: string[] = [];
  let forks = 0;
  const client: HttpClient & { requested: string[]; forks: () => number } = {
    requested,
    forks: () => forks,
    async request(url) {
      const href = String(url);
      requested.push(href);
      const route = routes[href];
      if (!route) throw new TiksaverError('NETWORK', `no route for ${href}`);
      const headers: Record<string, string> = route.location ? { location: route.location } : {};
      const response: Partial<HttpResponse> = {
        url: href,
        status: route.status,
        headers,
        redirects: [],
        header: (name) => headers[name.toLowerCase()],
        text: async () => route.body ?? '',
        dump: async () => {},
      };
      return response as HttpResponse;
    },
    getText: async () => '',
    getJson: async () => ({}) as never,
    cookies: { getCookieHeader: async () => '', setCookie: async () => {} },
    fork() {
      forks++;
      return client;
    },
    setPace() {},
    isMapped: () => false,
  };
  return client;
}

/** An attempt's reason in the words the apps show (settings said by their key). */
export function reasonWords(attempt: Attempt | undefined): string | undefined {
  return attempt?.reason && describeReason(attempt.reason, (setting) => setting);
}

/** A hint in words, settings said by their key. */
export function hintWords(hint: Hint | undefined): string | undefined {
  return hint === undefined ? undefined : renderHint(hint, (setting) => setting);
}
