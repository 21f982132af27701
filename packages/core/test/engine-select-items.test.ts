import { describe, expect, it } from 'vitest';
import { hasWanted, selectItems, type Resolution } from '../src/index.js';
import { photoResult, videoResult } from './engine-helpers.js';

const story = (items: Resolution['items']): Resolution => ({ kind: 'story', id: '1', url: 'https://www.tiktok.com/@c/story/1', items });

describe('selectItems', () => {
  it('auto gives the best video of a video post', () => {
    expect(selectItems(videoResult('x'), 'auto').map((i) => i.url)).toEqual(['https://cdn.test/x/hd.mp4']);
  });

  it('auto gives every image of a photo post, in order', () => {
    expect(selectItems(photoResult(), 'auto').map((i) => i.index)).toEqual([1, 2]);
  });

  it('auto gives the image of a photo story and the video of a video story', () => {
    expect(selectItems(story([{ type: 'image', url: 'https://cdn.test/s.jpg', ext: 'jpg' }]), 'auto')).toHaveLength(1);
    expect(selectItems(story([{ type: 'video', url: 'https://cdn.test/s.mp4', ext: 'mp4' }]), 'auto')[0]?.type).toBe('video');
  });

  it('auto gives the sound of a story whose only media is its sound', () => {
    const soundOnly = story([{ type: 'audio', url: 'https://cdn.test/s.mp3', ext: 'mp3' }]);
    expect(selectItems(soundOnly, 'auto').map((i) => i.url)).toEqual(['https://cdn.test/s.mp3']);
    expect(hasWanted(soundOnly, 'auto')).toBe(true);
    expect(hasWanted(soundOnly, 'audio')).toBe(true);
  });

  it('auto prefers the picture over the sound when both are there', () => {
    const withSound = story([
      { type: 'audio', url: 'https://cdn.test/s.mp3', ext: 'mp3' },
      { type: 'video', url: 'https://cdn.test/s.mp4', ext: 'mp4' },
    ]);
    expect(selectItems(withSound, 'auto').map((i) => i.type)).toEqual(['video']);
  });

  it('audio prefers the sound file and falls back to the video for extraction', () => {
    expect(selectItems(videoResult('x'), 'audio')[0]?.type).toBe('audio');
    const noSound = { ...videoResult('x'), items: videoResult('x').items.filter((i) => i.type !== 'audio') };
    expect(selectItems(noSound, 'audio')[0]?.type).toBe('video');
  });

  it('video and image ask for exactly that type', () => {
    expect(selectItems(photoResult(), 'video')).toEqual([]);
    expect(hasWanted(photoResult(), 'video')).toBe(false);
    expect(selectItems(videoResult(), 'image')).toEqual([]);
    expect(selectItems(photoResult(), 'image')).toHaveLength(2);
  });
});
