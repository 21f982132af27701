import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTikdownProvider } from '../src/tikdown/index.js';
import { mediaTypes, openHarness, waitForRequest, type Harness } from './helpers/sandbox-harness.js';

let h: Harness;
const provider = createTikdownProvider();

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.control('tikdown', 'reset');
  h.sandbox.clearFaults();
  h.sandbox.log.clear();
});

const tikdownLog = () => h.sandbox.log.for('tikdown');

describe('tikdown adapter against the sandbox', () => {
  it('saves a story clip: a no-watermark video and its MP3, both downloadable', async () => {
    const outcome = await h.outcome(provider, h.sandbox.scenario('story-video'));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result).toMatchObject({ kind: 'story', id: h.sandbox.scenario('story-video').itemId });
    expect(mediaTypes(outcome.result)).toEqual(['audio', 'video']);
    const [video, audio] = outcome.result.items;
    expect(video).toMatchObject({ type: 'video', watermark: false, ext: 'mp4' });
    expect(await h.fetchMedia(video!)).toMatchObject({ status: 200, contentType: 'video/mp4' });
    expect(await h.fetchMedia(audio!)).toMatchObject({ status: 200, contentType: 'audio/mpeg' });
  });

  it('follows the documented flow: GET /id, then POST /getAjax with the token, the session cookie and XHR headers', async () => {
    await h.outcome(provider, h.sandbox.scenario('video-post'));
    const [page, ajax] = tikdownLog();
    expect(page).toMatchObject({ method: 'GET', path: '/id' });
    expect(ajax).toMatchObject({ method: 'POST', path: '/getAjax' });
    expect(ajax!.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(ajax!.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(ajax!.cookies).toHaveProperty('tikdown_session');
    expect(ajax!.cookies).toHaveProperty('XSRF-TOKEN');
    const form = new URLSearchParams(ajax!.body);
    expect(form.get('url')).toBe(h.sandbox.scenario('video-post').link);
    expect(form.get('_token')).toMatch(/\w{20,}/);
  });

  it('gives the sound alone for a sound-only story', async () => {
    const outcome = await h.outcome(provider, h.sandbox.scenario('story-audio'));
    if (!outcome.ok) throw outcome.error;
    expect(mediaTypes(outcome.result)).toEqual(['audio']);
  });

  it('takes short links as they are', async () => {
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'), { form: 'short' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.result.items[0]!.type).toBe('video');
  });

  it('fetches a fresh token once when the first is rejected with 419', async () => {
    h.sandbox.control('tikdown', 'expire-next');
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    expect(outcome.ok).toBe(true);
    expect(tikdownLog().map((e) => `${e.method} ${e.path}`)).toEqual(['GET /id', 'POST /getAjax', 'GET /id', 'POST /getAjax']);
  });

  it('gives up with UPSTREAM_CHANGED when every token is rejected', async () => {
    h.sandbox.control('tikdown', 'expire-always');
    const outcome = await h.outcome(provider, h.sandbox.scenario('video-post'));
    expect(outcome).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
    expect(tikdownLog().filter((e) => e.method === 'POST')).toHaveLength(2);
  });

  it('says UNSUPPORTED_KIND for photo posts and NOT_FOUND (non-final) for a deleted post', async () => {
    expect(await h.outcome(provider, h.sandbox.scenario('photo-post'))).toMatchObject({ ok: false, code: 'UNSUPPORTED_KIND' });
    const deleted = await h.outcome(provider, h.sandbox.scenario('post-deleted'));
    expect(deleted).toMatchObject({ ok: false, code: 'NOT_FOUND', error: { final: false } });
  });

  it('maps faults: 429 -> RATE_LIMITED with the retry time, malformed JSON or drifted markup -> UPSTREAM_CHANGED', async () => {
    h.sandbox.setFault('tikdown.org', { kind: 'status-429', path: '/getAjax', value: 7, times: 1 });
    expect(await h.outcome(provider, h.sandbox.scenario('video-post'))).toMatchObject({ ok: false, code: 'RATE_LIMITED', error: { retryAfterMs: 7000 } });
    h.sandbox.setFault('tikdown.org', { kind: 'malformed', path: '/getAjax', times: 1 });
    expect(await h.outcome(provider, h.sandbox.scenario('video-post'))).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
    h.sandbox.setFault('tikdown.org', { kind: 'schema-drift', path: '/getAjax', times: 1 });
    expect(await h.outcome(provider, h.sandbox.scenario('video-post'))).toMatchObject({ ok: false, code: 'UPSTREAM_CHANGED' });
  });

  it('stops the in-flight lookup when aborted', async () => {
    h.sandbox.setFault('tikdown.org', { kind: 'hang', path: '/getAjax' });
    const controller = new AbortController();
    const pending = provider.resolve(h.link(h.sandbox.scenario('video-post')), h.ctx({ signal: controller.signal }));
    await waitForRequest(h.sandbox, (path, method) => method === 'POST' && path.startsWith('/getAjax'));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
