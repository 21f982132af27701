import { Resolution, type ParsedLink } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { extractCsrfToken, parseAjaxAnswer, toResolution } from '../src/tikdown/parse.js';
import { rejectionOf } from './helpers/error-of.js';

const BASE = 'https://tikdown.org';
const storyLink: ParsedLink = {
  kind: 'story',
  input: 'https://www.tiktok.com/@mila.travels/story/7441820391556789262',
  url: 'https://www.tiktok.com/@mila.travels/story/7441820391556789262',
  id: '7441820391556789262',
};

function fragment(video: string | undefined, audio: string | undefined): string {
  const cell = (href: string | undefined, text: string) => (href ? `<a href="${href}" name="download">${text}</a>` : '<span>n/a</span>');
  return `<div class="download-result"><img src="/thumb/1.jpg"><div class="download-links">
    <div>${cell(video, 'Download Video')}</div><div>${cell(audio, 'Download MP3')}</div></div></div>`;
}

describe('TikDown CSRF token', () => {
  it('reads _token from the download form (the documented second child)', async () => {
    const html = '<form id="download-form"><input name="url"><input type="hidden" name="_token" value="abc123"></form>';
    expect(await extractCsrfToken(html)).toBe('abc123');
  });

  it('tolerates a reordered form and falls back to the csrf-token meta tag', async () => {
    expect(await extractCsrfToken('<form id="download-form"><input type="hidden" name="_token" value="first"><input name="url"></form>')).toBe('first');
    expect(await extractCsrfToken('<head><meta name="csrf-token" content="meta-token"></head><form></form>')).toBe('meta-token');
  });

  it('says UPSTREAM_CHANGED when no token is on the page', async () => {
    expect((await rejectionOf(() => extractCsrfToken('<html><body>maintenance</body></html>'))).code).toBe('UPSTREAM_CHANGED');
  });
});

describe('TikDown /getAjax answers', () => {
  it('gives the video and the MP3 from the download-links block, absolute against the base', async () => {
    const links = await parseAjaxAnswer({ status: true, html: fragment('https://tikdown.org/download/v.mp4', '/download/a.mp3') }, BASE);
    expect(links).toEqual({ video: 'https://tikdown.org/download/v.mp4', audio: 'https://tikdown.org/download/a.mp3', thumbnail: 'https://tikdown.org/thumb/1.jpg' });
    const resolution = toResolution(links, storyLink);
    expect(Resolution.parse(resolution)).toBeTruthy();
    expect(resolution.kind).toBe('story');
    expect(resolution.items.map((i) => [i.type, i.ext, i.watermark])).toEqual([
      ['video', 'mp4', false],
      ['audio', 'mp3', undefined],
    ]);
  });

  it('delivers the sound alone when TikDown offers only the MP3', async () => {
    const resolution = toResolution(await parseAjaxAnswer({ status: true, html: fragment(undefined, '/download/a.mp3') }, BASE), storyLink);
    expect(resolution.items.map((i) => i.type)).toEqual(['audio']);
  });

  it('says UNSUPPORTED_KIND when the post has neither video nor sound (photo posts)', async () => {
    const error = await rejectionOf(async () => toResolution(await parseAjaxAnswer({ status: true, html: fragment(undefined, undefined) }, BASE), storyLink));
    expect(error.code).toBe('UNSUPPORTED_KIND');
  });

  it('says non-final NOT_FOUND for status:false, which carries no reason', async () => {
    const error = await rejectionOf(() => parseAjaxAnswer({ status: false }, BASE));
    expect(error).toMatchObject({ code: 'NOT_FOUND', final: false, provider: 'tikdown' });
  });

  it('says UPSTREAM_CHANGED for a changed shape or markup', async () => {
    expect((await rejectionOf(() => parseAjaxAnswer({ ok: true }, BASE))).code).toBe('UPSTREAM_CHANGED');
    expect((await rejectionOf(() => parseAjaxAnswer({ status: true, html: '<div class="links-v2"><a href="/x">x</a></div>' }, BASE))).code).toBe('UPSTREAM_CHANGED');
    expect((await rejectionOf(() => parseAjaxAnswer({ status: true }, BASE))).code).toBe('UPSTREAM_CHANGED');
  });

  it('does not hand out an MP3 as the video when the positions are swapped', async () => {
    const links = await parseAjaxAnswer({ status: true, html: fragment('/download/a.mp3', undefined) }, BASE);
    expect(links.video).toBeUndefined();
    expect(links.audio).toBe('https://tikdown.org/download/a.mp3');
  });

  it('falls back to the name="download" anchors when the download-links block is renamed', async () => {
    const html = '<div class="links-v2"><a href="/dl/v.mp4" name="download">Video</a><a href="/dl/track" name="download">Download MP3</a></div>';
    expect(await parseAjaxAnswer({ status: true, html }, BASE)).toMatchObject({
      video: 'https://tikdown.org/dl/v.mp4',
      audio: 'https://tikdown.org/dl/track',
    });
  });
});
