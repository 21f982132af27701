/**
 * expandLink and the engine's short-link step over the real HTTP client and a real server
 * on 127.0.0.1 (the host map routes vm./vt./www.tiktok.com there; nothing leaves the machine).
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, createResolver, expandLink, parseLink, type HttpClient, type TiksaverError } from '../src/index.js';
import { ID, ok, run } from './engine-helpers.js';
import { startServer, type TestServer } from './http-test-server.js';

const POST = `https://www.tiktok.com/@creator/video/${ID}`;

/** Short code -> how the short-link host answers. */
const ROUTES: Record<string, (res: ServerResponse) => void> = {
  ZMvideo01: redirect(301, `${POST}?_t=ZT-8tup5VLJ3V5&_r=1`),
  ZMstory01: redirect(302, `https://www.tiktok.com/@creator/story/${ID}?_r=1&sender_device=mobile`),
  ZMphoto01: (res) => {
    // cobalt's fallback: no Location, the target only in the body.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<a href="https://www.tiktok.com/@creator/photo/${ID}?_t=1&amp;_r=1">Moved Permanently</a>.`);
  },
  ZMhop0001: redirect(302, 'https://vt.tiktok.com/ZMvideo01/'),
  ZMrelativ: redirect(302, `/@creator/video/${ID}`),
  ZMdead001: redirect(302, 'https://www.tiktok.com/?_r=1'),
  ZMgone404: (res) => {
    res.writeHead(404);
    res.end('not found');
  },
  ZMoffsite: redirect(302, 'https://evil.example/phish'),
  ZMprofile: redirect(302, 'https://www.tiktok.com/@creator?_t=1'),
  ZMloop001: redirect(302, 'https://vm.tiktok.com/ZMloop001/'),
  ZMlogin01: redirect(302, 'https://www.tiktok.com/login?redirect_url=x'),
  ZMwhat001: redirect(302, 'https://www.tiktok.com/some/odd/page'),
  ZMnoloc01: (res) => {
    res.writeHead(302);
    res.end();
  },
  // TikTok Lite and comment shares land on t.tiktok.com/i18n/share/video/ID/ (reference §0).
  ZMlite001: redirect(301, `https://t.tiktok.com/i18n/share/video/${ID}/?_d=secCgYIASAHKAE&_r=1&share_app_id=1340`),
  ZMcmnt001: redirect(301, `https://t.tiktok.com/i18n/share/video/${ID}/?share_comment_id=7301460019834725123&_r=1`),
  // A short short link (26 chars) is not the home page, whatever its length.
  ZMtiny001: redirect(302, 'https://vt.tiktok.com/ZMb1/'),
  ZMb1: redirect(302, POST),
  ZMhop4aaa: redirect(302, 'https://vm.tiktok.com/ZMhop3aaa/'),
  ZMhop3aaa: redirect(302, 'https://vm.tiktok.com/ZMhop2aaa/'),
  ZMhop2aaa: redirect(302, 'https://vm.tiktok.com/ZMhop1aaa/'),
  ZMhop1aaa: redirect(302, POST),
  ZMpage001: (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><title>TikTok</title></head><body>${'<div></div>'.repeat(200)}<a href="https://www.tiktok.com/about">About</a></body></html>`);
  },
};

function redirect(status: number, location: string) {
  return (res: ServerResponse) => {
    res.writeHead(status, { location });
    res.end();
  };
}

let server: TestServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const code = (req.url ?? '').split('/').filter(Boolean).at(-1) ?? '';
    const route = req.headers.host?.startsWith('www.tiktok.com') && !req.url?.startsWith('/t/') ? undefined : ROUTES[code];
    if (route) return route(res);
    res.writeHead(500);
    res.end('unexpected request');
  });
  http = createHttpClient({
    hostMap: [
      { pattern: 'vm.tiktok.com', origin: server.origin },
      { pattern: 'vt.tiktok.com', origin: server.origin },
      { pattern: 'www.tiktok.com', origin: server.origin },
    ],
    retries: 0,
  });
});

afterAll(async () => {
  await server.close();
});

const expand = (input: string) => expandLink(parseLink(input), http.fork());
const failure = (input: string) => expand(input).then(
  () => {
    throw new Error('expected a failure');
  },
  (error: TiksaverError) => error,
);

describe('expandLink over the real client', () => {
  it('reads the Location without following it, strips share parameters and records where it came from', async () => {
    const before = server.requests.length;
    const link = await expand(`Watch this! https://vm.tiktok.com/ZMvideo01/`);
    expect(link).toEqual({
      kind: 'video',
      input: 'Watch this! https://vm.tiktok.com/ZMvideo01/',
      url: POST,
      id: ID,
      username: 'creator',
      expandedFrom: 'https://vm.tiktok.com/ZMvideo01/',
    });
    const sent = server.requests.slice(before);
    expect(sent.map((r) => `${r.headers.host}${r.url}`)).toEqual(['vm.tiktok.com/ZMvideo01/']);
  });

  it('asks like a normal browser, not like a link-preview bot', async () => {
    const before = server.requests.length;
    await expand('https://vt.tiktok.com/ZMstory01/');
    const ua = String(server.requests[before]?.headers['user-agent']);
    expect(ua).toMatch(/^Mozilla\/5\.0/);
    expect(ua).not.toMatch(/bot|facebookexternalhit/i);
  });

  it('keeps the story kind from the path', async () => {
    await expect(expand('https://www.tiktok.com/t/ZMstory01/')).resolves.toMatchObject({ kind: 'story', id: ID, url: `https://www.tiktok.com/@creator/story/${ID}` });
  });

  it('takes the target from an <a href> body when there is no Location', async () => {
    await expect(expand('https://vm.tiktok.com/ZMphoto01/')).resolves.toMatchObject({ kind: 'photo', id: ID, url: `https://www.tiktok.com/@creator/photo/${ID}` });
  });

  it('follows a short link that points at another short link', async () => {
    await expect(expand('https://vm.tiktok.com/ZMhop0001/')).resolves.toMatchObject({ kind: 'video', id: ID, expandedFrom: 'https://vm.tiktok.com/ZMhop0001/' });
  });

  it('resolves a relative Location against the short host', async () => {
    // A relative target stays on the short-link host; its path still names the post.
    await expect(expand('https://vm.tiktok.com/ZMrelativ/')).resolves.toMatchObject({ kind: 'video', id: ID });
  });

  it('a TikTok Lite share lands on the post, not on another short link', async () => {
    await expect(expand('https://vm.tiktok.com/ZMlite001/')).resolves.toMatchObject({ kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` });
    await expect(expand('https://vm.tiktok.com/ZMcmnt001/')).resolves.toMatchObject({ kind: 'video', id: ID, comment: '7301460019834725123' });
  });

  it('follows short links to short links for at most three reads', async () => {
    await expect(expand('https://vm.tiktok.com/ZMtiny001/')).resolves.toMatchObject({ kind: 'video', id: ID });
    await expect(expand('https://vm.tiktok.com/ZMhop3aaa/')).resolves.toMatchObject({ kind: 'video', id: ID });
    const error = await failure('https://vm.tiktok.com/ZMhop4aaa/');
    expect(error.code).toBe('UPSTREAM_CHANGED');
    expect(error.message).toMatch(/kept redirecting/);
  });

  it('keeps the other links of the pasted text', async () => {
    const link = parseLink('https://vm.tiktok.com/ZMvideo01/ and https://vm.tiktok.com/ZMstory01/');
    await expect(expandLink(link, http.fork())).resolves.toMatchObject({ kind: 'video', others: ['https://vm.tiktok.com/ZMstory01/'] });
  });

  it('a redirect to the home page means the post is gone: NOT_FOUND, expired or deleted', async () => {
    const error = await failure('https://vm.tiktok.com/ZMdead001/');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('home page');
    expect(error.hint).toMatch(/expired or was deleted/);
  });

  it('a dead link known to be a story is EXPIRED (final)', async () => {
    const error = await expandLink(parseLink('https://vm.tiktok.com/ZMdead001/'), http.fork(), { story: true }).catch((e: TiksaverError) => e);
    expect(error).toMatchObject({ code: 'EXPIRED', final: true });
  });

  it('a 404 from the short-link host is NOT_FOUND', async () => {
    expect((await failure('https://vm.tiktok.com/ZMgone404/')).code).toBe('NOT_FOUND');
  });

  it('a redirect off TikTok is NOT_TIKTOK and is not followed', async () => {
    const error = await failure('https://vm.tiktok.com/ZMoffsite/');
    expect(error.code).toBe('NOT_TIKTOK');
    expect(error.message).toContain('https://evil.example/phish');
    expect(error.message).not.toMatch(/deleted|expired|gone/);
  });

  it('a short link to a profile comes back as a profile link', async () => {
    await expect(expand('https://vm.tiktok.com/ZMprofile/')).resolves.toMatchObject({ kind: 'profile', username: 'creator' });
  });

  it('a redirect loop between short links ends with UPSTREAM_CHANGED', async () => {
    expect((await failure('https://vm.tiktok.com/ZMloop001/')).code).toBe('UPSTREAM_CHANGED');
  });

  it('a redirect without a Location or a page without a link is UPSTREAM_CHANGED, not a dead link', async () => {
    const noLocation = await failure('https://vm.tiktok.com/ZMnoloc01/');
    expect(noLocation).toMatchObject({ code: 'UPSTREAM_CHANGED', detail: { status: 302 } });
    const page = await failure('https://vm.tiktok.com/ZMpage001/');
    expect(page).toMatchObject({ code: 'UPSTREAM_CHANGED', detail: { status: 200 } });
  });

  it('a sign-in redirect is PRIVATE; an unknown page is UPSTREAM_CHANGED', async () => {
    expect((await failure('https://vm.tiktok.com/ZMlogin01/')).code).toBe('PRIVATE');
    const unknown = await failure('https://vm.tiktok.com/ZMwhat001/');
    expect(unknown.code).toBe('UPSTREAM_CHANGED');
    expect(unknown.message).toContain('https://www.tiktok.com/some/odd/page');
    expect(`${unknown.message} ${unknown.hint}`).not.toMatch(/deleted|expired/);
  });

  it('an aborted signal ends with CANCELLED', async () => {
    const error = await expandLink(parseLink('https://vm.tiktok.com/ZMvideo01/'), http, { signal: AbortSignal.abort() }).catch((e: TiksaverError) => e);
    expect(error).toMatchObject({ code: 'CANCELLED' });
  });

  it('returns non-short links unchanged', async () => {
    const link = parseLink(POST);
    await expect(expandLink(link, http)).resolves.toBe(link);
  });
});

describe('engine: short links', () => {
  it('expands once before providers run, so every provider sees the canonical link', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a], http });
    const { report, events } = await run(resolver, 'https://vm.tiktok.com/ZMstory01/');
    expect(a.calls[0]?.link).toMatchObject({ kind: 'story', id: ID, expandedFrom: 'https://vm.tiktok.com/ZMstory01/' });
    expect(report.link).toMatchObject({ kind: 'story', expandedFrom: 'https://vm.tiktok.com/ZMstory01/' });
    expect(events[0]).toMatchObject({ type: 'link', link: { kind: 'story' } });
  });

  it('a dead short link ends with NOT_FOUND and zero attempts', async () => {
    const a = ok('a');
    const resolver = createResolver({ providers: [a], http });
    const { report } = await run(resolver, 'https://vm.tiktok.com/ZMdead001/');
    expect(report.error?.code).toBe('NOT_FOUND');
    expect(report.attempts).toEqual([]);
    expect(a.calls).toHaveLength(0);
  });

  it('a short link that opens a profile ends with WRONG_LINK_KIND', async () => {
    const resolver = createResolver({ providers: [ok('a')], http });
    const { report } = await run(resolver, 'https://vm.tiktok.com/ZMprofile/');
    expect(report.error?.code).toBe('WRONG_LINK_KIND');
    expect(report.error?.message).toContain("@creator's profile");
  });

  it('without an HTTP client a short link is MISCONFIGURED', async () => {
    const resolver = createResolver({ providers: [ok('a')] });
    const { report } = await run(resolver, 'https://vm.tiktok.com/ZMvideo01/');
    expect(report.error?.code).toBe('MISCONFIGURED');
  });
});
