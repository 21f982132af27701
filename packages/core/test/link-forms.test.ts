/**
 * The link forms that are easy to get wrong (reference/tiktok-web.md §0): TikTok Lite and
 * comment shares, secUids in the `@` slot, old share pages, media-file URLs, share text
 * with non-Latin tags and searches, and several links in one paste. Examples are made up
 * in the shape of the real ones.
 */
import { describe, expect, it } from 'vitest';
import { describeLink, linkError, ParsedLink, parseLink } from '../src/index.js';

const ID = '7301442875501399339';
const SEC_UID = 'MS4wLjABAAAAzq4dK2hVpLxN8Qe3mYrT1fWcJgB6sUoP0vDlHaEiXnGbZ5yRkC7wS9tIqF4uM2jO';
type Expect = Partial<Omit<ParsedLink, 'input'>>;

const FORMS: Array<[string, string, Expect]> = [
  ['TikTok Lite share', `https://t.tiktok.com/i18n/share/video/${ID}/?_d=secCgYIASAHKAESPgo8ZDS&_r=1&share_app_id=1340&source=h5_t&u_code=e2d6kd5fj0c9f9`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  ['TikTok Lite share without the trailing slash', `t.tiktok.com/i18n/share/video/${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  ['Lite comment share', `https://t.tiktok.com/i18n/share/video/${ID}/?share_comment_id=7301460019834725123&share_item_id=${ID}&_r=1`, { kind: 'video', id: ID, comment: '7301460019834725123', url: `https://www.tiktok.com/@_/video/${ID}` }],
  ['Lite sound share', 'https://t.tiktok.com/i18n/share/music/7301442901234567890/?_r=1&u_code=e2d6kd5fj', { kind: 'music', id: '7301442901234567890', url: 'https://www.tiktok.com/music/7301442901234567890' }],
  ['secUid video link', `https://www.tiktok.com/@${SEC_UID}/video/7240568259186019630?lang=en`, { kind: 'video', id: '7240568259186019630', secUid: SEC_UID, url: 'https://www.tiktok.com/@_/video/7240568259186019630' }],
  ['secUid profile link', `https://www.tiktok.com/@${SEC_UID}?is_from_webapp=1`, { kind: 'profile', secUid: SEC_UID, url: `https://www.tiktok.com/@${SEC_UID}` }],
  ['foryou share with item_id', `https://www.tiktok.com/foryou?is_copy_url=1&is_from_webapp=v1&item_id=${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  ['trending share with shareId', `https://www.tiktok.com/trending?shareId=${ID}`, { kind: 'video', id: ID, url: `https://www.tiktok.com/@_/video/${ID}` }],
  ['old mobile sound share', 'https://m.tiktok.com/h5/share/music/6812345678901234567.html?u_code=d8e1f&region=DE', { kind: 'music', id: '6812345678901234567', url: 'https://www.tiktok.com/music/6812345678901234567' }],
  ['item path on a short-link host', `https://vm.tiktok.com/@jun.bakes/video/${ID}`, { kind: 'video', id: ID, username: 'jun.bakes', url: `https://www.tiktok.com/@jun.bakes/video/${ID}` }],
  ['media file on a TikTok host', 'https://v16-webapp-prime.us.tiktok.com/video/tos/useast2a/tos-useast2a-pve-0068/oQAbcDEf123/?a=1988&ch=0&cr=0&br=2954&bt=1477&cs=0&mime_type=video_mp4&qs=0&expire=1700000000&l=2023111412&ply_type=2&policy=2&signature=9f8e7d&tk=tt_chain_token', { kind: 'invalid' }],
  ['aweme play URL naming its post', `https://www.tiktok.com/aweme/v1/play/?faid=1988&file_id=1a2b3c&is_play_url=1&item_id=${ID}&line=0&ply_type=2&signaturev3=dmlkZW9faWQ&tk=tt_chain_token&video_id=v12044gd0000cl9abc`, { kind: 'invalid', id: ID }],
  ['CDN video file', 'https://v19-webapp-prime.tiktokcdn-us.com/8b1c0f/6553a1f2/video/tos/useast5/tos-useast5-ve-0068c001-tx/oEfGh/?a=1988&mime_type=video_mp4', { kind: 'invalid' }],
  ['CDN file on a regional CDN host', 'https://v77.tiktokcdn-row.com/5f1a/6553a1f2/video/tos/alisg/tos-alisg-pve-0037c001/oAbC/?mime_type=video_mp4', { kind: 'invalid' }],
  ['CDN photo file', 'https://p16-sign-va.tiktokcdn-eu.com/tos-maliva-i-photomode-us/abc~tplv-photomode-image.jpeg?x-expires=1700000000&x-signature=x', { kind: 'invalid' }],
  // Share text: a URL runs to the next space, whatever script its tag or query is in.
  ['tag in Japanese script', '#fypシ ↓ https://www.tiktok.com/tag/fypシ', { kind: 'tag', url: 'https://www.tiktok.com/tag/fyp%E3%82%B7' }],
  ['search in Korean', '검색해봐 https://www.tiktok.com/search?q=50대 패션', { kind: 'search', url: 'https://www.tiktok.com/search?q=50%EB%8C%80' }],
  ['tag in corner brackets', '「https://www.tiktok.com/tag/ラーメン」をチェック', { kind: 'tag', url: `https://www.tiktok.com/tag/${encodeURIComponent('ラーメン')}` }],
  ['search in brackets and a full stop', 'see (https://www.tiktok.com/search?q=50대).', { kind: 'search', url: 'https://www.tiktok.com/search?q=50%EB%8C%80' }],
  ['short link in lenticular brackets', '【https://vm.tiktok.com/ZMhvVid42/】', { kind: 'short', id: 'ZMhvVid42', url: 'https://vm.tiktok.com/ZMhvVid42/' }],
  ['short link in full-width parentheses', '看看（https://vm.tiktok.com/ZMhvVid42/）', { kind: 'short', id: 'ZMhvVid42', url: 'https://vm.tiktok.com/ZMhvVid42/' }],
  ['words glued after a short code without a slash', '复制打开抖音https://vm.tiktok.com/ZMhvVid42复制此链接', { kind: 'short', id: 'ZMhvVid42', url: 'https://vm.tiktok.com/ZMhvVid42/' }],
  // Several links: the item wins over the profile, the other items are kept.
  ['profile first, then a post', 'Follow @jun.bakes https://www.tiktok.com/@jun.bakes and watch https://vm.tiktok.com/ZMhvVid42/', { kind: 'short', id: 'ZMhvVid42', url: 'https://vm.tiktok.com/ZMhvVid42/' }],
  ['two posts and a story', `1) https://www.tiktok.com/@ana.sketches/photo/7437660142881279278 2) https://vm.tiktok.com/ZMhvVid42/ 3) https://www.tiktok.com/@mila.travels/story/7441820391556789262`, { kind: 'photo', id: '7437660142881279278', username: 'ana.sketches', url: 'https://www.tiktok.com/@ana.sketches/photo/7437660142881279278', others: ['https://vm.tiktok.com/ZMhvVid42/', 'https://www.tiktok.com/@mila.travels/story/7441820391556789262'] }],
  ['the same post twice', `https://www.tiktok.com/@jun.bakes/video/${ID} https://www.tiktok.com/@jun.bakes/video/${ID}?lang=en`, { kind: 'video', id: ID, username: 'jun.bakes', url: `https://www.tiktok.com/@jun.bakes/video/${ID}` }],
];

describe('link forms that are easy to get wrong', () => {
  it.each(FORMS)('%s', (_name, input, expected) => {
    const link = parseLink(input);
    expect(ParsedLink.parse(link)).toEqual(link);
    const { input: _echoed, ...rest } = link;
    expect(rest).toEqual(expected);
  });

  it('a bare i18n path on the Lite host is not read as a short code', () => {
    expect(parseLink('https://t.tiktok.com/i18n/')).toMatchObject({ kind: 'invalid' });
    expect(parseLink('https://t.tiktok.com/ZS9VgfLQo/')).toMatchObject({ kind: 'short', id: 'ZS9VgfLQo' });
  });
});

describe('what the doctor says about them', () => {
  it('a Lite comment share saves the post the comment is under', () => {
    const d = describeLink(parseLink(`https://t.tiktok.com/i18n/share/video/${ID}/?share_comment_id=7301460019834725123`));
    expect(d).toMatchObject({ kind: 'video', resolvable: true });
    expect(d.summary).toBe(`A link to a comment under a post (id ${ID}).`);
  });

  it('a secUid profile is a profile, without pretending the id is a username', () => {
    const d = describeLink(parseLink(`https://www.tiktok.com/@${SEC_UID}`));
    expect(d.code).toBe('WRONG_LINK_KIND');
    expect(d.summary).toMatch(/internal id, not its username/);
    expect(d.summary).not.toContain('@MS4w');
  });

  it('a media file link says it only works in the session that made it, and asks for the post link', () => {
    const d = describeLink(parseLink('https://v16-webapp-prime.us.tiktok.com/video/tos/useast2a/tos-useast2a-pve-0068/oQAbc/?mime_type=video_mp4'));
    expect(d.code).toBe('INVALID_INPUT');
    expect(d.summary).toMatch(/media file on TikTok's servers \(v16-webapp-prime\.us\.tiktok\.com\)/);
    expect(d.summary).toMatch(/only works in the browser session that made it/);
    expect(d.hint).toMatch(/link of the post itself/);
  });

  it('a play URL that names its post points at that post', () => {
    const d = describeLink(parseLink(`https://www.tiktok.com/aweme/v1/play/?item_id=${ID}&video_id=v12044gd0000`));
    expect(d.hint).toContain(`https://www.tiktok.com/@_/video/${ID}`);
    expect(linkError(parseLink(`https://www.tiktok.com/aweme/v1/play/?item_id=${ID}`))?.code).toBe('INVALID_INPUT');
  });

  it('an old sound share is a sound page', () => {
    expect(describeLink(parseLink('https://m.tiktok.com/h5/share/music/6812345678901234567.html')).summary).toMatch(/sound page \(id 6812345678901234567\)/);
  });
});
