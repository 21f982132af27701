/**
 * The media-403 hook (download/refresh.ts): one re-resolve per post shared by its items,
 * a retry only for a media host's refusal, and the same item found in the fresh result.
 */
import { describe, expect, it } from 'vitest';
import { isRefusedMedia, refreshOnce, sameItem, TiksaverError, withRefreshedItem, type MediaItem, type Resolution } from '../src/index.js';

const item = (type: MediaItem['type'], url: string): MediaItem => ({ type, url, ext: type === 'image' ? 'jpg' : 'mp4' });
const post = (tag: string): Resolution => ({ kind: 'photo', id: '1', url: 'https://www.tiktok.com/@_/video/1', items: [item('image', `${tag}/a`), item('image', `${tag}/b`), item('audio', `${tag}/s`)] });
const refused = new TiksaverError('BLOCKED', 'HTTP 403 from cdn', { detail: { status: 403 } });

describe('media refusal refresh', () => {
  it('recognises a 403 refusal, also wrapped as the cause of "all URLs failed"', () => {
    expect(isRefusedMedia(refused)).toBe(true);
    expect(isRefusedMedia(new TiksaverError('BLOCKED', 'All 2 URLs failed', { cause: refused }))).toBe(true);
    expect(isRefusedMedia(new TiksaverError('NOT_FOUND', 'HTTP 404', { detail: { status: 404 } }))).toBe(false);
    expect(isRefusedMedia(new Error('x'))).toBe(false);
  });

  it('finds the same item (type and position) in the fresh resolution', () => {
    const old = post('old');
    expect(sameItem(old, post('new'), old.items[1]!)?.url).toBe('new/b');
    expect(sameItem(old, post('new'), old.items[2]!)?.url).toBe('new/s');
  });

  it('re-resolves once for all items of a post and retries each refused item once', async () => {
    const old = post('old');
    let resolves = 0;
    const refresh = refreshOnce(old, async () => {
      resolves++;
      return post('new');
    });
    const fetched: string[] = [];
    const fetch = async (i: MediaItem) => {
      fetched.push(i.url);
      if (i.url.startsWith('old/')) throw refused;
      return i.url;
    };
    expect(await Promise.all(old.items.map((i) => withRefreshedItem(i, fetch, refresh)))).toEqual(['new/a', 'new/b', 'new/s']);
    expect(resolves).toBe(1);
    // A fresh item refused again is not refreshed a second time.
    const stillRefused = async () => {
      throw refused;
    };
    await expect(withRefreshedItem(old.items[0]!, stillRefused, refresh)).rejects.toBe(refused);
    expect(fetched.filter((u) => u.startsWith('new/'))).toHaveLength(3);
  });

  it('gives up with the original error when nothing fresh comes back, and never retries other errors', async () => {
    const old = post('old');
    const none = refreshOnce(old, async () => {
      throw new Error('resolver down');
    });
    await expect(withRefreshedItem(old.items[0]!, async () => { throw refused; }, none)).rejects.toBe(refused);
    let asked = 0;
    const counting = refreshOnce(old, async () => {
      asked++;
      return post('new');
    });
    const notFound = new TiksaverError('NOT_FOUND', 'HTTP 404', { detail: { status: 404 } });
    await expect(withRefreshedItem(old.items[0]!, async () => { throw notFound; }, counting)).rejects.toBe(notFound);
    expect(asked).toBe(0);
  });
});
