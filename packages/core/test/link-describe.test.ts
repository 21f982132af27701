import { describe, expect, it } from 'vitest';
import { describeLink, linkError, parseLink, TiksaverError, type ErrorCode } from '../src/index.js';
import * as browserEntry from '../src/link/index.js';

const ID = '7240568259186019630';

describe('describeLink', () => {
  it.each([
    [`https://www.tiktok.com/@creator/story/${ID}`, 'A TikTok story by @creator (id 7240568259186019630).', /24 hours/],
    [`https://www.tiktok.com/@creator/video/${ID}`, 'A TikTok post by @creator (id 7240568259186019630).', /video, a photo post or a story/],
    [`https://www.tiktok.com/@creator/photo/${ID}`, 'A TikTok photo post by @creator (id 7240568259186019630).', /images/],
    ['https://vm.tiktok.com/ZMabc123X/', 'A TikTok short link (ZMabc123X).', /home page/],
    [`https://www.tiktokv.com/share/video/${ID}`, 'A TikTok post (id 7240568259186019630).', /video, a photo post or a story/],
    [`https://www.tiktok.com/@creator/video/${ID}?comment_id=7301234567890123456`, "A link to a comment under @creator's post (id 7240568259186019630).", /comment text itself is not saved/],
  ])('%s is resolvable', (input, summary, hint) => {
    const d = describeLink(parseLink(input));
    expect(d).toMatchObject({ resolvable: true, summary });
    expect(d.hint).toMatch(hint);
    expect(d.code).toBeUndefined();
    expect(linkError(parseLink(input))).toBeUndefined();
  });

  it.each<[string, ErrorCode, RegExp, RegExp]>([
    ['https://www.tiktok.com/@creator', 'WRONG_LINK_KIND', /^You pasted a link to @creator's profile, not to one story or post\.$/, /^In TikTok, tap @creator's profile picture \(a coloured ring around it means there is a story\) to open the story, or open the post you want; then tap Share, then Copy link, and paste that link here\.$/],
    ['https://www.tiktok.com/@creator/stories', 'WRONG_LINK_KIND', /@creator's stories page/, /Copy link/],
    ['https://www.tiktok.com/@creator/collection/Recipes-7291234567890123456', 'WRONG_LINK_KIND', /collection on @creator's profile/, /Open the post you want/],
    ['https://www.tiktok.com/@creator/live', 'WRONG_LINK_KIND', /@creator's LIVE broadcast/, /replay/],
    ['https://m.tiktok.com/share/live/7312345678901234567', 'WRONG_LINK_KIND', /a TikTok LIVE broadcast/, /replay/],
    ['https://www.tiktok.com/music/original-sound-7240568259186019631', 'WRONG_LINK_KIND', /sound page \(id 7240568259186019631\)/, /audio only/],
    ['https://www.tiktok.com/tag/funny', 'WRONG_LINK_KIND', /hashtag page #funny/, /Open the post you want from that hashtag page/],
    ['https://www.tiktok.com/search?q=cats', 'WRONG_LINK_KIND', /search results for "cats"/, /Open the post you want/],
    ['https://www.tiktok.com/discover/how-to-cook', 'WRONG_LINK_KIND', /topic page/, /from that topic page/],
    ['https://www.tiktok.com/', 'WRONG_LINK_KIND', /home page/, /Copy link/],
    ['https://www.tiktok.com/foryou', 'WRONG_LINK_KIND', /"foryou" page/, /Copy link/],
    ['https://www.douyin.com/video/7240568259186019630', 'NOT_TIKTOK', /Douyin/, /Douyin tool/],
    ['https://www.youtube.com/watch?v=x', 'NOT_TIKTOK', /^This is a link to www\.youtube\.com, not to TikTok\.$/, /only saves from TikTok/],
    ['', 'INVALID_INPUT', /Nothing was pasted/, /Share, then Copy link/],
    ['just some words', 'INVALID_INPUT', /No TikTok link was found in "just some words"/, /Copy link/],
    ['javascript:alert(1)', 'INVALID_INPUT', /script or data link/, /Copy link/],
    ['https://www.tiktok.com/@creator/video/123abc', 'INVALID_INPUT', /cut off or mistyped/, /paste the whole link/],
    ['https://v16-webapp.tiktokcdn.com/x/video.mp4', 'INVALID_INPUT', /media file on TikTok's servers \(v16-webapp\.tiktokcdn\.com\)/, /link of the post itself/],
  ])('%s -> %s', (input, code, summary, hint) => {
    const link = parseLink(input);
    const d = describeLink(link);
    expect(d.resolvable).toBe(false);
    expect(d.code).toBe(code);
    expect(d.summary).toMatch(summary);
    expect(d.hint).toMatch(hint);

    const error = linkError(link);
    expect(error).toBeInstanceOf(TiksaverError);
    expect(error).toMatchObject({ code, message: d.summary, hint: d.hint, final: true });
  });

  it('keeps its wording after a JSON round trip of the link', () => {
    const link = JSON.parse(JSON.stringify(parseLink('https://www.tiktok.com/@creator/stories')));
    expect(describeLink(link).summary).toContain('stories page');
  });

  it('clips a huge paste in its message', () => {
    const d = describeLink(parseLink('x '.repeat(60_000)));
    expect(d.summary).toBe('No TikTok link was found in the pasted text.');
  });

  it('the browser-safe entry exports the parser and the wording', () => {
    expect(typeof browserEntry.parseLink).toBe('function');
    expect(typeof browserEntry.describeLink).toBe('function');
    expect(typeof browserEntry.linkError).toBe('function');
  });
});
