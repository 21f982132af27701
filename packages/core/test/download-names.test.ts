import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath, planFiles, renderTemplate, sanitizeFilename, type Resolution, type TemplateFields } from '@tiksaver/core';

const base: TemplateFields = { author: 'creator', id: '7301234567890123456', kind: 'story', ext: 'mp4' };

describe('renderTemplate', () => {
  it.each<[string, string | undefined, Partial<TemplateFields>, string]>([
    ['default template, single item', undefined, {}, 'creator_7301234567890123456.mp4'],
    ['default template, multi-item post', undefined, { index: 3, count: 12, ext: 'jpg' }, 'creator_7301234567890123456_03.jpg'],
    ['index pads to the count width', undefined, { index: 7, count: 120, ext: 'jpg' }, 'creator_7301234567890123456_007.jpg'],
    ['index is empty for a single-item post', undefined, { index: 1, count: 1 }, 'creator_7301234567890123456.mp4'],
    ['author @ is dropped', '{author}.{ext}', { author: '@someone' }, 'someone.mp4'],
    ['missing author renders as unknown', '{author}_{id}.{ext}', { author: undefined }, 'unknown_7301234567890123456.mp4'],
    ['kind, provider, type and quality', '{kind}-{provider}-{type}-{quality}.{ext}', { provider: 'native', type: 'video', quality: '1080p' }, 'story-native-video-1080p.mp4'],
    ['ISO date becomes YYYYMMDD', '{date}_{id}.{ext}', { date: '2026-11-24T21:03:00Z' }, '20261124_7301234567890123456.mp4'],
    ['unix seconds date', '{date}.{ext}', { date: '1700000000' }, '20231114.mp4'],
    ['caption with a length limit', '{caption:10}.{ext}', { caption: 'A very long caption about cats' }, 'A very lon.mp4'],
    ['caption limit counts characters, not bytes', '{caption:3}.{ext}', { caption: '日本語のキャプション' }, '日本語.mp4'],
    ['slashes in values do not make directories', '{caption}.{ext}', { caption: 'a/b\\c' }, 'a_b_c.mp4'],
    ['template slashes make subdirectories', '{author}/{id}.{ext}', {}, 'creator/7301234567890123456.mp4'],
    ['backslash in template is a separator too', '{author}\\{id}.{ext}', {}, 'creator/7301234567890123456.mp4'],
    ['missing {ext} is appended', '{id}', {}, '7301234567890123456.mp4'],
    ['ext is cleaned', '{id}.{ext}', { ext: '.MP4' }, '7301234567890123456.mp4'],
    ['unknown caption renders empty', '{id}{caption}.{ext}', {}, '7301234567890123456.mp4'],
    ['restrict mode in values', '{caption}.{ext}', { caption: 'Café time ☕ ok' }, 'Cafe_time_ok.mp4'],
    ['field names are case-insensitive', '{ID}.{Ext}', {}, '7301234567890123456.mp4'],
  ])('%s', (_name, template, fields, expected) => {
    const restrict = _name.startsWith('restrict');
    expect(renderTemplate(template ?? '', { ...base, ...fields }, { restrictFilenames: restrict })).toBe(expected);
  });

  it.each([
    ['{nope}.{ext}', 'Unknown field'],
    ['../{id}.{ext}', 'leave the output directory'],
    ['a/../../{id}.{ext}', 'leave the output directory'],
    ['/etc/{id}.{ext}', 'must be relative'],
    ['C:\\x\\{id}.{ext}', 'must be relative'],
  ])('rejects %s with INVALID_INPUT', (template, message) => {
    expect(() => renderTemplate(template, base)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(message) }));
  });

  it('never escapes the output dir, even with hostile values', () => {
    const dir = path.resolve('/tmp/out');
    for (const author of ['..', '../..', '/etc', '.', '...']) {
      const file = outputPath(dir, '{author}/{id}.{ext}', { ...base, author });
      expect(file.startsWith(dir + path.sep), file).toBe(true);
    }
  });
});

describe('sanitizeFilename', () => {
  it.each<[string, string, boolean?]>([
    ['a:b*c?d"e<f>g|h.mp4', 'a_b_c_d_e_f_g_h.mp4'],
    ['con.mp4', '_con.mp4'],
    ['NUL', '_NUL'],
    ['com1.txt', '_com1.txt'],
    ['LPT9.tar.gz', '_LPT9.tar.gz'],
    ['console.mp4', 'console.mp4'],
    ['name. . .', 'name'],
    ['trailing space .mp4 ', 'trailing space .mp4'],
    ['.hidden', 'hidden'],
    ['..', '_'],
    ['', '_'],
    ['tab\there\nnewline\u0000nul', 'tab here newline_nul'],
    ['zero\u200bwidth\u202eltr', 'zerowidthltr'],
    ['e\u0301cole.jpg', 'école.jpg'],
    ['emoji 🎉 party.mp4', 'emoji 🎉 party.mp4'],
    ['multiple    spaces', 'multiple spaces'],
    ['Straße Ünïcode.mp4', 'Strasse_Unicode.mp4', true],
    ['日本語.mp4', 'mp4', true],
    ['a b/c.mp4', 'a_b_c.mp4', true],
    ['___x___.jpg', 'x_.jpg', true],
  ])('%j -> %j', (input, expected, restrict) => {
    expect(sanitizeFilename(input, { restrict: restrict ?? false })).toBe(expected);
  });

  it('limits names to 255 UTF-8 bytes and keeps the extension', () => {
    const long = `${'日'.repeat(200)}.mp4`;
    const out = sanitizeFilename(long);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(255);
    expect(out.endsWith('.mp4')).toBe(true);
    expect(out.startsWith('日日日')).toBe(true);
  });

  it('never splits a surrogate pair when truncating', () => {
    const out = sanitizeFilename(`${'😀'.repeat(100)}.jpg`, { maxBytes: 30 });
    expect(out).toBe(`${'😀'.repeat(6)}.jpg`);
  });
});

describe('planFiles', () => {
  const post: Resolution = {
    id: '7301234567890123456',
    kind: 'photo',
    url: 'https://www.tiktok.com/@creator/photo/7301234567890123456',
    author: { username: 'creator' },
    items: [
      { type: 'image', url: 'https://cdn.test/1.jpg', ext: 'jpg' },
      { type: 'image', url: 'https://cdn.test/2.jpg', ext: 'jpg' },
      { type: 'video', url: 'https://cdn.test/v.mp4', ext: 'mp4', width: 720, codec: 'h264' },
    ],
  };

  it('numbers items within their type and keeps the order', () => {
    const plan = planFiles(post, { dir: '/out' });
    expect(plan.map((file) => file.item.url)).toEqual(post.items.map((item) => item.url));
    expect(plan.map((file) => file.path)).toEqual([
      path.resolve('/out', 'creator_7301234567890123456_01.jpg'),
      path.resolve('/out', 'creator_7301234567890123456_02.jpg'),
      path.resolve('/out', 'creator_7301234567890123456.mp4'),
    ]);
    expect(plan.every((file) => file.convert === undefined)).toBe(true);
  });

  it('gives one file name for a template with directories, and "_2" to a repeated name', () => {
    const plan = planFiles(post, { dir: '/out', template: '{author}/{id}.{ext}' });
    expect(plan.map((file) => file.name)).toEqual(['creator_7301234567890123456.jpg', 'creator_7301234567890123456_2.jpg', 'creator_7301234567890123456.mp4']);
    expect(plan[0]!.path).toBe(path.resolve('/out', 'creator', '7301234567890123456.jpg'));
  });

  it('plans a video standing in for the sound as an MP3 and says what it becomes', () => {
    const clip: Resolution = { ...post, kind: 'video', items: [post.items[2]!] };
    const [file] = planFiles(clip, { dir: '/out', audioFormat: 'mp3' });
    expect(file!.path).toBe(path.resolve('/out', 'creator_7301234567890123456.mp3'));
    expect(file!.item.type).toBe('video');
    expect(file!.convert).toEqual({ to: 'mp3', item: { type: 'audio', url: 'https://cdn.test/v.mp4', ext: 'mp3', mimeType: 'audio/mpeg', quality: 'MP3 from the video' } });
    // With a sound file among the items nothing is converted.
    const withSound = planFiles({ ...clip, items: [...clip.items, { type: 'audio', url: 'https://cdn.test/a.mp3', ext: 'mp3' }] }, { audioFormat: 'mp3' });
    expect(withSound.some((f) => f.convert)).toBe(false);
  });
});
