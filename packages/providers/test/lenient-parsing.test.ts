/**
 * Issue 13: strict on what the media choice needs, lenient on metadata. An answer whose
 * caption, author or counters have an unexpected type still delivers its media; an answer
 * whose media links are broken is still a changed answer.
 */
import { describe, expect, it } from 'vitest';
import { parseCobaltAnswer } from '../src/cobalt/parse.js';
import { parseExtract } from '../src/snaptik/parse.js';
import { parseActionResult } from '../src/vidgap/parse.js';
import { errorOf } from './helpers/error-of.js';

const flight = (doc: unknown) => `0:{"a":"$@1","f":"","b":"build"}\n1:${JSON.stringify(doc)}\n`;

describe('lenient metadata, strict media', () => {
  it('SnapTik: an odd author, title or duration is dropped, the video kept', () => {
    const post = parseExtract(
      { success: true, data: { type: 'video', id: 123456789, title: { text: 'x' }, author: 'jun.bakes', videoDuration: null, downloadUrl: '/file/sd.mp4' } },
      'https://snaptik.app',
    );
    expect(post).toMatchObject({ type: 'video', id: '123456789', videoUrl: 'https://snaptik.app/file/sd.mp4' });
    expect(post.title).toBeUndefined();
    expect(post.author).toBeUndefined();
    expect(errorOf(() => parseExtract({ success: true, data: { type: 'video', downloadUrl: 42 } }, 'https://snaptik.app')).code).toBe('UPSTREAM_CHANGED');
  });

  it('VidGap: a numeric id, an odd username or a counter as text do not fail the document', () => {
    const result = parseActionResult(flight({ processed: true, video_id: 123456789, username: { name: 'x' }, views: '48.2K', duration: 'n/a', videoURL: 'https://v16-webapp-prime.tiktokcdn.com/v.mp4' }));
    expect('document' in result && result.document).toMatchObject({ video_id: '123456789', videoURL: 'https://v16-webapp-prime.tiktokcdn.com/v.mp4' });
    expect('document' in result && result.document.username).toBeUndefined();
    expect(errorOf(() => parseActionResult(flight({ processed: true, videoURL: ['x'] }))).code).toBe('UPSTREAM_CHANGED');
  });

  it('cobalt: an odd filename or error context is dropped, the tunnel kept', () => {
    expect(parseCobaltAnswer({ status: 'tunnel', url: 'https://cobalt.example/tunnel?id=1', filename: 12 })).toMatchObject({ status: 'tunnel', url: 'https://cobalt.example/tunnel?id=1' });
    expect(errorOf(() => parseCobaltAnswer({ status: 'error', error: { code: 'error.api.fetch.empty', context: 'x' } })).code).toBe('NOT_FOUND');
    expect(errorOf(() => parseCobaltAnswer({ status: 'tunnel', url: '' })).code).toBe('UPSTREAM_CHANGED');
  });
});
