import { describe, expect, it } from 'vitest';
import { isTiksaverError } from '@tiksaver/core';
import {
  buildXVerify,
  decodePacked,
  decodePackedScript,
  decryptChallenge,
  extractLegacyPayload,
  solveChallenge,
  snaptikCodeForMessage,
} from '../src/snaptik/index.js';
import { parseExtract } from '../src/snaptik/parse.js';
// The sandbox's encoders are the exact inverses of these decoders (issue 7 acceptance).
import { issueChallenge } from '../../sandbox/src/services/snaptik/challenge.js';
import { jsString, packArgs, packScript } from '../../sandbox/src/services/snaptik/packer.js';
import { legacyScriptSource } from '../../sandbox/src/services/snaptik/pages.js';

describe('snaptik challenge', () => {
  it('solves each documented challenge type', () => {
    expect(solveChallenge({ t: 'b', a: 0b1111_0000_1111, b: 0b0000_1111_0000, s: 4 })).toBe(((0xf0f ^ 0x0f0) >> 4) & 255);
    expect(solveChallenge({ t: 'r', n: [1, 2, 3] })).toBe(13);
    expect(solveChallenge({ t: 'c', w: 'abc', i: 1, m: 3 })).toBe(98 * 3);
    expect(solveChallenge({ t: 'm', a: 70, b: 45, c: 2 })).toBe(30);
    expect(solveChallenge({ t: 'n', a: 2, b: 3, c: 4 })).toBe(6 + 12 + 8 - 2);
  });

  it('decrypts and answers sandbox-issued challenges into the X-Verify header', () => {
    for (let i = 0; i < 40; i++) {
      const issued = issueChallenge('sn4pt1k_v3r1fy2026:', 'secret', Date.now());
      const plain = decryptChallenge(issued.p, issued.id);
      expect(plain._e).toBe(issued.e);
      expect(buildXVerify({ id: issued.id, p: issued.p })).toBe(`${issued.id}:${issued.answer}:${issued.e}:${issued.h}`);
    }
  });

  it('names the salt when the key has rotated', () => {
    const issued = issueChallenge('sn4pt1k_v3r1fy2027:', 'secret', Date.now());
    let error: unknown;
    try {
      buildXVerify({ id: issued.id, p: issued.p });
    } catch (caught) {
      error = caught;
    }
    expect(isTiksaverError(error) && error.code).toBe('UPSTREAM_CHANGED');
    expect(String((error as Error).message)).toMatch(/salt/);
    expect(buildXVerify({ id: issued.id, p: issued.p }, 'sn4pt1k_v3r1fy2027:')).toMatch(new RegExp(`^${issued.id}:`));
  });
});

describe('snaptik legacy packed-script decoder', () => {
  const captions = [
    'plain ascii caption',
    'emoji 🎉🔥👩‍👩‍👧 and ✈️',
    'CJK 日本語のキャプション 中文 한국어',
    'accents: crème brûlée, São Paulo, Ærøskøbing, naïve',
    'quotes "double" \'single\' and </script> & <b>tags</b>',
  ];

  it.each(captions)('round-trips sandbox-encoded text: %s', (caption) => {
    for (let i = 0; i < 5; i++) {
      const args = packArgs(caption);
      expect(decodePacked(args)).toBe(caption);
    }
  });

  it('round-trips every base and a full packed script with the download HTML', () => {
    const html = '<div class="video-title">日本語 🎉 "quoted" / slash</div><a href="https://rapidcdn.app/v2/x.mp4">Download</a>';
    for (let e = 2; e <= 9; e++) {
      const script = packScript(legacyScriptSource({ html }, jsString), { e });
      expect(script.startsWith('var _0x')).toBe(true);
      expect(extractLegacyPayload(decodePackedScript(script))).toEqual({ html });
    }
  });

  it('decodes the #alert error variant', () => {
    const script = packScript(legacyScriptSource({ alert: 'Video not found or has been removed.' }, jsString));
    expect(extractLegacyPayload(decodePackedScript(script))).toEqual({ alert: 'Video not found or has been removed.' });
  });

  it('refuses something that is not the packed script, without evaluating it', () => {
    expect(() => decodePackedScript('alert("hi")')).toThrow(/packed/);
    expect(() => extractLegacyPayload('console.log(1)')).toThrow(/#download/);
  });
});

describe('snaptik answers', () => {
  it('maps failure messages to core codes', () => {
    expect(snaptikCodeForMessage('Video not found or has been removed.')).toBe('NOT_FOUND');
    expect(snaptikCodeForMessage('This video is private.')).toBe('PRIVATE');
    expect(snaptikCodeForMessage('Invalid URL. Please paste a TikTok video link.')).toBe('UNSUPPORTED_KIND');
    expect(snaptikCodeForMessage('This content is not supported.')).toBe('UNSUPPORTED_KIND');
    expect(snaptikCodeForMessage('Too many requests, please try again later.')).toBe('RATE_LIMITED');
    expect(snaptikCodeForMessage('Please complete the captcha')).toBe('BLOCKED');
    expect(snaptikCodeForMessage('Something odd happened')).toBe('UPSTREAM_CHANGED');
    expect(snaptikCodeForMessage(undefined)).toBe('UPSTREAM_CHANGED');
  });

  it('prefixes relative URLs with the base and reads carousel images', () => {
    const post = parseExtract(
      {
        success: true,
        data: {
          id: 1,
          type: 'carousel',
          title: 't',
          downloadUrl: '/file/a.mp4',
          images: [{ downloadUrl: '/img/1.jpg' }, { url: 'https://rapidcdn.app/2.jpg' }, 'https://rapidcdn.app/3.jpg'],
        },
      },
      'https://snaptik.app',
    );
    expect(post.videoUrl).toBe('https://snaptik.app/file/a.mp4');
    expect(post.images).toEqual(['https://snaptik.app/img/1.jpg', 'https://rapidcdn.app/2.jpg', 'https://rapidcdn.app/3.jpg']);
    expect(post.audioUrl).toBeUndefined();
  });

  it('reports the failing schema path as UPSTREAM_CHANGED', () => {
    try {
      parseExtract({ success: true, data: { type: 'gif' } }, 'https://snaptik.app');
      expect.unreachable();
    } catch (error) {
      expect(isTiksaverError(error) && error.code).toBe('UPSTREAM_CHANGED');
      expect((error as { detail?: { path?: string } }).detail?.path).toBe('extract.data.type');
    }
  });
});
