import { describe, expect, it } from 'vitest';
import { isTiksaverError } from '@tiksaver/core';
import { chunkUrls, findActionId, parseActionResult, vidgapCodeForFailure } from '../src/vidgap/index.js';
import { tabFor } from '../src/vidgap/request.js';
import { createDeployment } from '../../sandbox/src/services/vidgap/deploy.js';
import { homePage } from '../../sandbox/src/services/vidgap/page.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isTiksaverError(error) ? error.code : 'not a TiksaverError';
  }
  return undefined;
}

describe('vidgap server-action discovery', () => {
  it('finds findContentActionsQueue in Next.js chunk text, not the neighbouring actions', () => {
    const deploy = createDeployment();
    const found = [...deploy.chunks.values()].map(findActionId).filter(Boolean);
    expect(found).toEqual([deploy.actions.findContentActionsQueue]);
  });

  it('reads the real-world form of a client reference', () => {
    const text =
      'let o=(0,r(7120).createServerReference)("406bbd177da8218a30000e605e45b45eacc10597a0",r(7120).callServer,void 0,r(7120).findSourceMapURL,"findContentActionsQueue")';
    expect(findActionId(text)).toBe('406bbd177da8218a30000e605e45b45eacc10597a0');
    expect(findActionId('nothing here')).toBeUndefined();
  });

  it('lists same-origin chunks of the page, app/ chunks first', async () => {
    const deploy = createDeployment();
    const urls = await chunkUrls(homePage(deploy), 'https://vidgap.com');
    expect(urls).toHaveLength(deploy.scripts.length);
    expect(urls[0]).toMatch(/^https:\/\/vidgap\.com\/_next\/static\/chunks\/app\//);
  });
});

describe('vidgap flight answers', () => {
  const head = '0:{"a":"$@1","f":"","b":"abc"}\n';

  it('takes row 1, nested under data or not, and revives $undefined', () => {
    const doc = { processed: true, videoURL: 'https://v16m.tiktokcdn.com/a.mp4', musicURL: '$undefined', title: '$$5 deal' };
    for (const row of [doc, { data: doc }]) {
      const result = parseActionResult(`${head}1:${JSON.stringify(row)}\n`);
      expect('document' in result && result.document.videoURL).toBe(doc.videoURL);
      expect('document' in result && result.document.musicURL).toBeUndefined();
      expect('document' in result && result.document.title).toBe('$5 deal');
    }
  });

  it('maps processed:false by failureKind, then by message', () => {
    const fail = (failureKind: string | null, errorMessage: string) => () =>
      parseActionResult(`${head}1:${JSON.stringify({ processed: false, failureKind, errorMessage })}`);
    expect(codeOf(fail('not_found', 'x'))).toBe('NOT_FOUND');
    expect(codeOf(fail('private', 'x'))).toBe('PRIVATE');
    expect(codeOf(fail('age_restricted', 'x'))).toBe('AGE_RESTRICTED');
    expect(codeOf(fail('region_blocked', 'x'))).toBe('REGION_BLOCKED');
    expect(codeOf(fail(null, 'Too many requests'))).toBe('RATE_LIMITED');
    expect(codeOf(fail('brand_new_kind', 'something else'))).toBe('UPSTREAM_CHANGED');
    expect(vidgapCodeForFailure('queue-limit-exceeded', undefined)).toBe('RATE_LIMITED');
  });

  it('reads a missing row 1 as RATE_LIMITED and a schema change as UPSTREAM_CHANGED with the path', () => {
    expect(codeOf(() => parseActionResult(head))).toBe('RATE_LIMITED');
    try {
      parseActionResult(`${head}1:${JSON.stringify({ data: { processed: true, images: 'nope' } })}`);
      expect.unreachable();
    } catch (error) {
      expect(isTiksaverError(error) && error.code).toBe('UPSTREAM_CHANGED');
      expect((error as { detail?: { path?: string } }).detail?.path).toBe('flight.1.data.images');
    }
  });

  it('recognises a queue session answer', () => {
    expect(parseActionResult(`${head}1:{"sessionId":"abc","queued":true}`)).toEqual({ sessionId: 'abc' });
  });

  it('picks the tab from the link kind and the wish', () => {
    const link = (kind: 'story' | 'photo' | 'video' | 'short') => ({ kind, input: 'x' });
    expect(tabFor(link('story'), 'audio')).toBe('story');
    expect(tabFor(link('photo'), 'auto')).toBe('slideshow');
    expect(tabFor(link('video'), 'audio')).toBe('audio');
    expect(tabFor(link('video'), 'auto')).toBe('video');
    expect(tabFor(link('short'), 'auto')).toBe('all');
  });
});
