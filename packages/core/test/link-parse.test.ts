import { describe, expect, it } from 'vitest';
import { ParsedLink, parseLink } from '../src/index.js';

const ID = '7240568259186019630';
type Expect = Partial<Omit<ParsedLink, 'input'>>;

/** [what the user pasted, what parseLink must say]. Unlisted fields must be absent. */
const CASES: Array<[string, Expect]> = [
  // Posts and stories
  [`https://www.tiktok.com/@chillezy/video/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://www.tiktok.com/@chillezy/photo/${ID}`, { kind: 'photo', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/photo/${ID}` }],
  [`https://www.tiktok.com/@creator/story/${ID}`, { kind: 'story', id: ID, username: 'creator', url: `https://www.tiktok.com/@creator/story/${ID}` }],
  [`https://www.tiktok.com/@/video/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`www.tiktok.com/@chillezy/video/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`tiktok.com/@chillezy/video/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://m.tiktok.com/@chillezy/video/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`http://tiktok.com/@chillezy/video/${ID}/`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`HTTPS://WWW.TIKTOK.COM/@chillezy/video/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`   https://www.tiktok.com/@chillezy/video/${ID}  \n`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://www.tiktok.com/@chillezy/video/${ID}?_t=ZT-8tup5VLJ3V5&_r=1`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://www.tiktok.com/@chillezy/video/${ID}?is_from_webapp=1&sender_device=pc&web_id=7311&utm_source=copy&utm_medium=android#comments`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://www.tiktok.com/@hullcity/photo/7557376330036153622?lang=en`, { kind: 'photo', id: '7557376330036153622', username: 'hullcity', url: 'https://www.tiktok.com/@hullcity/photo/7557376330036153622' }],
  [`https://www.tiktok.com/@ughuwhguweghw/video/1`, { kind: 'video', id: '1', username: 'ughuwhguweghw', url: 'https://www.tiktok.com/@ughuwhguweghw/video/1' }],
  [`https://www.tiktok.com/share/video/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://www.tiktokv.com/share/video/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://m.tiktok.com/share/video/${ID}?u_code=abc`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://www.tiktok.com/i18n/share/video/${ID}/?_d=secCgw`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://www.tiktok.com/embed/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://www.tiktok.com/embed/v2/${ID}?lang=en-US`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://m.tiktok.com/v/${ID}.html`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://m.tiktok.com/v/${ID}.html?region=US&mid=123`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [ID, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`snssdk1233://aweme/detail/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  [`https://www.tiktok.com/node/share/video/@chillezy/${ID}`, { kind: 'video', id: ID, username: 'chillezy', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  ['https://m.tiktok.com/h5/share/usr/6812345678901234567.html', { kind: 'profile' }],
  [`\u200ehttps://vm.tiktok.com/ZMabc123X\u200b and more`, { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  [`\u2066vm.tiktok.com/ZMabc123X/\u2069`, { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  // Usernames
  [`https://www.tiktok.com/@the.real_user-1/video/${ID}`, { kind: 'video', id: ID, username: 'the.real_user-1', url: `https://www.tiktok.com/@the.real_user-1/video/${ID}` }],
  [`https://www.tiktok.com/@%E3%81%BF%E3%81%8F/video/${ID}`, { kind: 'video', id: ID, username: 'みく', url: `https://www.tiktok.com/@%E3%81%BF%E3%81%8F/video/${ID}` }],
  [`https://www.tiktok.com/@josé.ñandú`, { kind: 'profile', username: 'josé.ñandú', url: 'https://www.tiktok.com/@jos%C3%A9.%C3%B1and%C3%BA' }],
  [`https://www.tiktok.com/@иван_петров/video/${ID}`, { kind: 'video', id: ID, username: 'иван_петров', url: `https://www.tiktok.com/@${encodeURIComponent('иван_петров')}/video/${ID}` }],
  [`https://www.tiktok.com/@みく/video/${ID}复制此链接`, { kind: 'video', id: ID, username: 'みく', url: `https://www.tiktok.com/@%E3%81%BF%E3%81%8F/video/${ID}` }],
  [`https://www.tiktok.com/@김민지。`, { kind: 'profile', username: '김민지', url: `https://www.tiktok.com/@${encodeURIComponent('김민지')}` }],
  // Comments
  [`https://www.tiktok.com/@chillezy/video/${ID}?comment_id=7301234567890123456&_r=1`, { kind: 'video', id: ID, username: 'chillezy', comment: '7301234567890123456', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  [`https://www.tiktok.com/@chillezy/video/${ID}?share_comment_id=7301234567890123456&sharer_language=en`, { kind: 'video', id: ID, username: 'chillezy', comment: '7301234567890123456', url: `https://www.tiktok.com/@chillezy/video/${ID}` }],
  // Short links
  ['https://vm.tiktok.com/ZTR45GpSF/', { kind: 'short', id: 'ZTR45GpSF', url: 'https://vm.tiktok.com/ZTR45GpSF/' }],
  ['https://vt.tiktok.com/ZSe4FqkKd', { kind: 'short', id: 'ZSe4FqkKd', url: 'https://vt.tiktok.com/ZSe4FqkKd/' }],
  ['vm.tiktok.com/ZGdh4WUhr/', { kind: 'short', id: 'ZGdh4WUhr', url: 'https://vm.tiktok.com/ZGdh4WUhr/' }],
  ['https://www.tiktok.com/t/ZTRC5xgJp', { kind: 'short', id: 'ZTRC5xgJp', url: 'https://www.tiktok.com/t/ZTRC5xgJp/' }],
  ['https://www.tiktok.com/t/ZGdhVtER2//', { kind: 'short', id: 'ZGdhVtER2', url: 'https://www.tiktok.com/t/ZGdhVtER2/' }],
  ['https://www.tiktok.com/t/ZTRoA5qKs/?_t=8abc&_r=1', { kind: 'short', id: 'ZTRoA5qKs', url: 'https://www.tiktok.com/t/ZTRoA5qKs/' }],
  ['https://t.tiktok.com/ZS9VgfLQo/', { kind: 'short', id: 'ZS9VgfLQo', url: 'https://t.tiktok.com/ZS9VgfLQo/' }],
  ['https://tiktok.com/ZS9VgfLQo/', { kind: 'short', id: 'ZS9VgfLQo', url: 'https://vt.tiktok.com/ZS9VgfLQo/' }],
  // Share text (localized, glued punctuation)
  ['¡Echa un vistazo a este TikTok que encontré!  https://vt.tiktok.com/ZS9VgfLQo/', { kind: 'short', id: 'ZS9VgfLQo', url: 'https://vt.tiktok.com/ZS9VgfLQo/' }],
  ["Check out @creator's story on TikTok! https://www.tiktok.com/t/ZTRoA5qKs/ Open the app to watch.", { kind: 'short', id: 'ZTRoA5qKs', url: 'https://www.tiktok.com/t/ZTRoA5qKs/' }],
  ['Schau dir dieses Video an (https://vm.tiktok.com/ZMabc123X/).', { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  ['在TikTok上查看这个视频：https://vm.tiktok.com/ZMabc123X/复制此链接', { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  ['看这个视频vm.tiktok.com/ZMabc123X/复制此链接', { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  ['see https://example.com/a then "https://vm.tiktok.com/ZMabc123X/"', { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  [`look: <https://www.tiktok.com/@a.b/video/${ID}>, nice`, { kind: 'video', id: ID, username: 'a.b', url: `https://www.tiktok.com/@a.b/video/${ID}` }],
  ['mirror: www.example.com/a, www.example.org/b and finally vm.tiktok.com/ZMabc123X', { kind: 'short', id: 'ZMabc123X', url: 'https://vm.tiktok.com/ZMabc123X/' }],
  [`two links https://vm.tiktok.com/ZMfirst11/ https://vm.tiktok.com/ZMsecond2/`, { kind: 'short', id: 'ZMfirst11', url: 'https://vm.tiktok.com/ZMfirst11/', others: ['https://vm.tiktok.com/ZMsecond2/'] }],
  // Profiles and other wrong kinds
  ['https://www.tiktok.com/@chillezy', { kind: 'profile', username: 'chillezy', url: 'https://www.tiktok.com/@chillezy' }],
  ['https://www.tiktok.com/@chillezy/?lang=en&is_from_webapp=1', { kind: 'profile', username: 'chillezy', url: 'https://www.tiktok.com/@chillezy' }],
  ['tiktok.com/@user_name.1', { kind: 'profile', username: 'user_name.1', url: 'https://www.tiktok.com/@user_name.1' }],
  ['https://www.tiktok.com/@creator/stories', { kind: 'profile', username: 'creator', url: 'https://www.tiktok.com/@creator/stories' }],
  ['https://www.tiktok.com/@creator/collection/Recipes-7291234567890123456', { kind: 'profile', username: 'creator', url: 'https://www.tiktok.com/@creator/collection/Recipes-7291234567890123456' }],
  ['https://www.tiktok.com/@creator/live', { kind: 'live', username: 'creator', url: 'https://www.tiktok.com/@creator/live' }],
  ['https://m.tiktok.com/share/live/7312345678901234567', { kind: 'live', id: '7312345678901234567', url: 'https://m.tiktok.com/share/live/7312345678901234567' }],
  ['https://www.tiktok.com/music/original-sound-7240568259186019631', { kind: 'music', id: '7240568259186019631', url: 'https://www.tiktok.com/music/original-sound-7240568259186019631' }],
  ['https://www.tiktok.com/tag/funny?lang=en', { kind: 'tag', url: 'https://www.tiktok.com/tag/funny' }],
  ['https://www.tiktok.com/search?q=cats%20dancing&t=1700000000', { kind: 'search', url: 'https://www.tiktok.com/search?q=cats%20dancing' }],
  ['https://www.tiktok.com/search/video?q=cats', { kind: 'search', url: 'https://www.tiktok.com/search?q=cats' }],
  ['https://www.tiktok.com/discover/how-to-cook-rice', { kind: 'search', url: 'https://www.tiktok.com/discover/how-to-cook-rice' }],
  // TikTok pages that are not posts, and broken TikTok links
  ['https://www.tiktok.com/', { kind: 'invalid' }],
  ['https://www.tiktok.com/?_r=1', { kind: 'invalid' }],
  ['https://www.tiktok.com/foryou', { kind: 'invalid' }],
  ['https://www.tiktok.com/explore', { kind: 'invalid' }],
  ['https://www.tiktok.com/@chillezy/video/', { kind: 'invalid' }],
  ['https://www.tiktok.com/@chillezy/video/72405682abc', { kind: 'invalid' }],
  ['https://vm.tiktok.com/', { kind: 'invalid' }],
  ['https://www.tiktok.com/@bad!name/video/1', { kind: 'invalid' }],
  ['https://v16-webapp.tiktokcdn.com/abc/video/tos/x.mp4?expire=1', { kind: 'invalid' }],
  // Other sites
  ['https://www.douyin.com/video/7240568259186019630', { kind: 'not-tiktok', url: 'https://www.douyin.com/video/7240568259186019630' }],
  ['https://v.douyin.com/iRNBho6u/', { kind: 'not-tiktok', url: 'https://v.douyin.com/iRNBho6u/' }],
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', { kind: 'not-tiktok', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }],
  ['www.instagram.com/stories/someone/', { kind: 'not-tiktok', url: 'https://www.instagram.com/stories/someone/' }],
  ['https://tiktok.com.evil.example/@a/video/1', { kind: 'not-tiktok', url: 'https://tiktok.com.evil.example/@a/video/1' }],
  ['https://www.tiktok.com@evil.example/@a/video/1', { kind: 'not-tiktok', url: 'https://www.tiktok.com@evil.example/@a/video/1' }],
  ['https://nottiktok.com/@a/video/1', { kind: 'not-tiktok', url: 'https://nottiktok.com/@a/video/1' }],
  // Garbage
  ['', { kind: 'invalid' }],
  ['   \n\t ', { kind: 'invalid' }],
  ['hello world', { kind: 'invalid' }],
  ['tiktok', { kind: 'invalid' }],
  ['e.g. the story from yesterday.', { kind: 'invalid' }],
  ['javascript:alert(document.cookie)', { kind: 'invalid' }],
  [`javascript:location='https://www.tiktok.com/@a/video/${ID}'`, { kind: 'invalid' }],
  ['JaVaScRiPt:alert(1)', { kind: 'invalid' }],
  ['data:text/html,<script>alert(1)</script>', { kind: 'invalid' }],
  ['file:///etc/passwd', { kind: 'invalid' }],
  // A wrong or missing scheme in front of a TikTok host: the post is still clear.
  ['ftp://www.tiktok.com/@a/video/1', { kind: 'video', id: '1', username: 'a', url: 'https://www.tiktok.com/@a/video/1' }],
  [`//www.tiktok.com/@a/video/${ID}`, { kind: 'video', id: ID, username: 'a', url: `https://www.tiktok.com/@a/video/${ID}` }],
  ['xnottiktok.com/@a/video/1', { kind: 'not-tiktok', url: 'https://xnottiktok.com/@a/video/1' }],
  ['12345', { kind: 'invalid' }],
  ['https://', { kind: 'invalid' }],
  ['http://[::1', { kind: 'invalid' }],
];

describe('parseLink', () => {
  it.each(CASES)('%s', (input, expected) => {
    const link = parseLink(input);
    expect(ParsedLink.parse(link)).toEqual(link);
    const { input: echoed, ...rest } = link;
    expect(echoed).toBe(input.trim());
    expect(rest).toEqual(expected);
  });

  it('has at least 60 table cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(parseLink(undefined as unknown as string).kind).toBe('invalid');
    expect(parseLink(42 as unknown as string).kind).toBe('invalid');
  });

  it('finds the link at the end of 100 KB of text', () => {
    const text = `${'lorem ipsum dolor sit amet '.repeat(4000)} https://vm.tiktok.com/ZMabc123X/`;
    expect(text.length).toBeGreaterThan(100_000);
    expect(parseLink(text)).toMatchObject({ kind: 'short', id: 'ZMabc123X' });
  });

  it.each([
    ['one 100 KB word', 'a'.repeat(100_000)],
    ['100 KB of dots', '.'.repeat(100_000)],
    ['100 KB of punctuation after a scheme', `https://${'!'.repeat(100_000)}`],
    ['a 100 KB host-like token', `${'a.'.repeat(50_000)}com/x`],
    ['a 100 KB path on TikTok', `https://www.tiktok.com/${'@'.repeat(100_000)}`],
    ['100 KB of nested brackets', '('.repeat(50_000) + ')'.repeat(50_000)],
    ['100 KB of CJK username segments', `https://www.tiktok.com${'/@み'.repeat(33_000)}`],
    ['100 KB of Chinese glued after a link', `https://vm.tiktok.com/ZMabc123X/${'复制'.repeat(50_000)}`],
  ])('is safe on %s', (_name, text) => {
    const link = parseLink(text);
    expect(['invalid', 'not-tiktok', 'short']).toContain(link.kind);
  });
});
