import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { cookieHeader, fetchVia, type Reply } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ services: ['tikdown'] });
});
afterAll(() => sb.close());
beforeEach(() => sb.control('tikdown', 'reset'));

interface Session {
  token: string;
  cookie: string;
}

async function openPage(): Promise<Session & { page: Reply }> {
  const page = await fetchVia(sb, 'https://tikdown.org/id');
  // services.md §4b: `#download-form > input[type=hidden]:nth-child(2)`.
  const form = /<form id="download-form"[^>]*>([\s\S]*?)<\/form>/.exec(page.text)![1]!;
  const children = form.match(/<(?:input|button)[^>]*>/g)!;
  const token = /type="hidden" name="_token" value="([^"]+)"/.exec(children[1]!)![1]!;
  return { page, token, cookie: cookieHeader(page.headers['set-cookie']) };
}

function getAjax(url: string, session: Partial<Session>): Promise<Reply> {
  return fetchVia(sb, 'https://tikdown.org/getAjax?', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'x-requested-with': 'XMLHttpRequest',
      ...(session.cookie && { cookie: session.cookie }),
    },
    body: new URLSearchParams({ url, _token: session.token ?? '' }).toString(),
  });
}

function links(html: string): { video?: string; audio?: string } {
  const cells = /<div class="download-links">([\s\S]*?)<\/div>\s*<\/div>/.exec(html)?.[1] ?? '';
  const [first = '', second = ''] = cells.split('<div class="download-item">').slice(1);
  const href = (cell: string) => /<a href="([^"]+)" name="download"/.exec(cell)?.[1];
  return { video: href(first), audio: href(second) };
}

describe('TikDown imitation', () => {
  it('serves the Laravel form with the _token second and sets XSRF-TOKEN and session cookies', async () => {
    const { page, token, cookie } = await openPage();
    expect(page.status).toBe(200);
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(cookie).toMatch(/XSRF-TOKEN=/);
    expect(cookie).toMatch(/tikdown_session=/);
  });

  it('answers a story clip with video and MP3 links that download', async () => {
    const session = await openPage();
    const reply = await getAjax(sb.scenario('story-video').link, session);
    const answer = JSON.parse(reply.text) as { status: boolean; html: string };
    expect(answer.status).toBe(true);
    const { video, audio } = links(answer.html);
    expect(video).toMatch(/^https:\/\/tikdown\.org\/download\/.+\.mp4$/);
    const file = await fetchVia(sb, video!);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect((await fetchVia(sb, audio!)).headers['content-type']).toBe('audio/mpeg');
  });

  it('answers every catalogue scenario as its tikdown expectation says', async () => {
    const session = await openPage();
    for (const s of sb.scenarios) {
      const answer = JSON.parse((await getAjax(s.link, session)).text) as { status: boolean; html?: string };
      const expected = s.expect.tikdown;
      if (expected.ok) {
        expect(answer.status, s.id).toBe(true);
        const found = links(answer.html!);
        expect(Boolean(found.video), s.id).toBe(expected.media.includes('video'));
        expect(Boolean(found.audio), s.id).toBe(expected.media.includes('audio'));
      } else if (expected.code === 'UNSUPPORTED_KIND') {
        expect(answer.status, s.id).toBe(true);
        expect(links(answer.html!), s.id).toEqual({ video: undefined, audio: undefined });
      } else {
        expect(answer, s.id).toEqual({ status: false });
      }
    }
  });

  it('accepts short links', async () => {
    const session = await openPage();
    const answer = JSON.parse((await getAjax(sb.scenario('video-post').shortLink, session)).text);
    expect(answer.status).toBe(true);
  });

  it('answers 419 for an unknown token, and for one from another session', async () => {
    const session = await openPage();
    expect((await getAjax(sb.scenario('video-post').link, { ...session, token: 'forged' })).status).toBe(419);
    const other = await openPage();
    expect((await getAjax(sb.scenario('video-post').link, { token: other.token, cookie: session.cookie })).status).toBe(419);
  });

  it('accepts a valid token without cookies unless told to be strict', async () => {
    const { token } = await openPage();
    expect((await getAjax(sb.scenario('video-post').link, { token })).status).toBe(200);
    sb.control('tikdown', 'strict-cookies');
    expect((await getAjax(sb.scenario('video-post').link, { token })).status).toBe(419);
  });

  it('expires the next token on demand, once', async () => {
    const session = await openPage();
    sb.control('tikdown', 'expire-next');
    const expired = await getAjax(sb.scenario('video-post').link, session);
    expect(expired.status).toBe(419);
    expect(JSON.parse(expired.text)).toEqual({ message: 'CSRF token mismatch.' });
    expect((await getAjax(sb.scenario('video-post').link, session)).status).toBe(200);
  });

  it('forgets every session on expire-all', async () => {
    const session = await openPage();
    sb.control('tikdown', 'expire-all');
    expect((await getAjax(sb.scenario('video-post').link, session)).status).toBe(419);
  });
});
