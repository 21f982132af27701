/**
 * The scenario catalogue: one entry per situation a user can meet, as data. It drives the
 * TikTok imitation, every service imitation, the provider contract suite and the demo.
 *
 * `expect` rules (see README "Expectations"), per services.md:
 * - gone/private/age/region items are checked before kind support; services whose answers
 *   carry a reason (cobalt `error.api.content.*`, vidgap `failureKind`) report the specific
 *   code, the others (snaptik `success:false`, tikwm `code:-1`, tikdown `status:false`)
 *   can only say NOT_FOUND;
 * - snaptik: videos (also story clips) and carousels, no story photos, no audio-only;
 * - tikwm: no stories at all, photo posts with music;
 * - tikdown: video + audio, no photos;
 * - vidgap: everything including stories (`tab: "story"`, unverified but modeled);
 * - cobalt: no story pattern -> UNSUPPORTED_KIND for stories; photo picker + audio;
 *   runs next to the user, so it shares the user's region block.
 * `kind` in an ok expectation is what the item is; a provider that cannot tell a story
 * from a post may report 'video' for a story clip.
 */
import type { ErrorCode, MediaType } from '@tiksaver/core';
import type { ProviderId, Scenario, ScenarioExpectation } from './types.js';

type Kind = Scenario['kind'];
type Expect = Record<ProviderId, ScenarioExpectation>;

const ok = (kind: Kind, ...media: MediaType[]): ScenarioExpectation => ({ ok: true, kind, media });
const fail = (code: ErrorCode): ScenarioExpectation => ({ ok: false, code });

/** Every provider answers the same. */
function all(e: ScenarioExpectation): Expect {
  return { native: e, snaptik: e, vidgap: e, tikdown: e, tikwm: e, cobalt: e };
}

/** A refusal that only reason-carrying answers (native, vidgap, cobalt) can name. */
function refusal(code: ErrorCode): Expect {
  return { ...all(fail('NOT_FOUND')), native: fail(code), vidgap: fail(code), cobalt: fail(code) };
}

function videoPost(kind: Kind = 'video'): Expect {
  return {
    native: ok(kind, 'video', 'audio'),
    snaptik: ok(kind, 'video'),
    vidgap: ok(kind, 'video', 'audio'),
    tikdown: ok(kind, 'video', 'audio'),
    tikwm: ok(kind, 'video', 'audio'),
    cobalt: ok(kind, 'video', 'audio'),
  };
}

function photoPost(withMusic: boolean): Expect {
  const media: MediaType[] = withMusic ? ['image', 'audio'] : ['image'];
  return {
    native: ok('photo', ...media),
    snaptik: ok('photo', 'image'),
    vidgap: ok('photo', ...media),
    tikdown: fail('UNSUPPORTED_KIND'),
    tikwm: ok('photo', ...media),
    cobalt: ok('photo', ...media),
  };
}

const storyVideo: Expect = {
  native: ok('story', 'video', 'audio'),
  snaptik: ok('story', 'video'),
  vidgap: ok('story', 'video', 'audio'),
  tikdown: ok('story', 'video', 'audio'),
  tikwm: fail('UNSUPPORTED_KIND'),
  cobalt: fail('UNSUPPORTED_KIND'),
};

const HOUR = 3600;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'story-video',
    title: 'Story clip (video)',
    kind: 'story',
    itemId: '7441820391556789262',
    username: 'mila.travels',
    nickname: 'Mila ✈️',
    caption: 'sunrise from the ferry',
    link: 'https://www.tiktok.com/@mila.travels/story/7441820391556789262',
    shortLink: 'https://www.tiktok.com/t/ZTRoA5qKs/',
    expiresInSec: 18 * HOUR,
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, shortLinkPath: 'video', shortLinkStatus: 302 },
    expect: storyVideo,
  },
  {
    id: 'story-photo',
    title: 'Story photo (one image)',
    kind: 'story',
    itemId: '7441822750113475883',
    username: 'mila.travels',
    nickname: 'Mila ✈️',
    caption: 'breakfast view',
    link: 'https://www.tiktok.com/@mila.travels/story/7441822750113475883',
    shortLink: 'https://vm.tiktok.com/ZMhvqK7Xa/',
    expiresInSec: 9 * HOUR,
    media: { images: 1, audio: true },
    tiktok: { statusCode: 0, shortLinkPath: 'story' },
    expect: {
      native: ok('story', 'image', 'audio'),
      snaptik: fail('UNSUPPORTED_KIND'),
      vidgap: ok('story', 'image', 'audio'),
      tikdown: fail('UNSUPPORTED_KIND'),
      tikwm: fail('UNSUPPORTED_KIND'),
      cobalt: fail('UNSUPPORTED_KIND'),
    },
  },
  {
    // The third live story of @mila.travels (two clips, one photo): its story list spans two
    // pages, so listing must follow MaxCursor/HasMoreAfter (issue 14).
    id: 'story-video-2',
    title: 'Second story clip of the same creator',
    kind: 'story',
    itemId: '7441826618840313102',
    username: 'mila.travels',
    nickname: 'Mila ✈️',
    caption: 'harbour at noon',
    link: 'https://www.tiktok.com/@mila.travels/story/7441826618840313102',
    shortLink: 'https://vm.tiktok.com/ZMhvStry2B/',
    expiresInSec: 14 * HOUR,
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, shortLinkPath: 'story' },
    expect: storyVideo,
  },
  {
    id: 'story-audio',
    title: 'Story whose only useful part is the sound',
    kind: 'story',
    itemId: '7441829904418122017',
    username: 'dj.koa',
    nickname: 'KOA',
    caption: 'new track snippet 🔊',
    link: 'https://www.tiktok.com/@dj.koa/story/7441829904418122017',
    shortLink: 'https://vt.tiktok.com/ZSe4FqkKd/',
    expiresInSec: 3 * HOUR,
    media: { audio: true },
    tiktok: { statusCode: 0, shortLinkPath: 'video', variants: { expiryField: 'expiredAt' } },
    expect: {
      native: ok('story', 'audio'),
      snaptik: fail('UNSUPPORTED_KIND'),
      vidgap: ok('story', 'audio'),
      tikdown: ok('story', 'audio'),
      tikwm: fail('UNSUPPORTED_KIND'),
      cobalt: fail('UNSUPPORTED_KIND'),
    },
  },
  {
    id: 'story-expired',
    title: 'Expired story',
    kind: 'story',
    itemId: '7440903318826077471',
    username: 'mila.travels',
    nickname: 'Mila ✈️',
    caption: 'yesterday',
    link: 'https://www.tiktok.com/@mila.travels/story/7440903318826077471',
    shortLink: 'https://vm.tiktok.com/ZMhvExp01/',
    expiresInSec: -2 * HOUR,
    media: { video: true, audio: true },
    tiktok: { statusCode: 10204, statusMsg: 'item doesn\'t exist', shortLinkPath: 'story' },
    expect: { ...all(fail('NOT_FOUND')), native: fail('EXPIRED') },
  },
  {
    id: 'mobile-only-story',
    title: 'Story the desktop page refuses but a mobile user agent receives',
    kind: 'story',
    itemId: '7441835517720300830',
    username: 'jun.bakes',
    nickname: 'Jun bakes',
    caption: 'proofing the dough',
    link: 'https://www.tiktok.com/@jun.bakes/story/7441835517720300830',
    shortLink: 'https://www.tiktok.com/t/ZTRmob1Le/',
    expiresInSec: 20 * HOUR,
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, mobileOnly: true, shortLinkPath: 'video', variants: { expiryField: 'storyExpiredAt' } },
    expect: { ...storyVideo, snaptik: fail('NOT_FOUND'), tikdown: fail('NOT_FOUND') },
  },
  {
    id: 'dead-short-link',
    title: 'Dead short link (story gone, redirects to the home page)',
    kind: 'story',
    itemId: '7439000000000000001',
    username: 'mila.travels',
    nickname: 'Mila ✈️',
    caption: '',
    link: 'https://www.tiktok.com/@mila.travels/story/7439000000000000001',
    shortLink: 'https://vt.tiktok.com/ZSdead9Xq/',
    expiresInSec: -30 * HOUR,
    media: {},
    tiktok: { statusCode: 10204, statusMsg: 'item doesn\'t exist', deadShortLink: true },
    expect: { ...all(fail('NOT_FOUND')), native: fail('EXPIRED') },
  },
  {
    id: 'video-post',
    title: 'Ordinary video post',
    kind: 'video',
    itemId: '7438215530219064619',
    username: 'jun.bakes',
    nickname: 'Jun bakes',
    caption: 'sourdough in 60 seconds #baking',
    link: 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619',
    shortLink: 'https://vm.tiktok.com/ZMhvVid42/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 0 },
    expect: videoPost(),
  },
  {
    id: 'photo-post',
    title: 'Photo post (12 images + music)',
    kind: 'photo',
    itemId: '7437660142881279278',
    username: 'ana.sketches',
    nickname: 'Ana',
    caption: '12 sketches from the week ✏️',
    link: 'https://www.tiktok.com/@ana.sketches/photo/7437660142881279278',
    shortLink: 'https://vt.tiktok.com/ZSphoto12/',
    media: { images: 12, audio: true },
    tiktok: { statusCode: 0 },
    expect: photoPost(true),
  },
  {
    id: 'slideshow-no-music',
    title: 'Slideshow without music',
    kind: 'photo',
    itemId: '7437001873320172833',
    username: 'ana.sketches',
    nickname: 'Ana',
    caption: 'quiet one',
    link: 'https://www.tiktok.com/@ana.sketches/photo/7437001873320172833',
    shortLink: 'https://www.tiktok.com/t/ZTRnoMus3/',
    media: { images: 3 },
    tiktok: { statusCode: 0 },
    expect: photoPost(false),
  },
  {
    id: 'photo-canonical',
    title: '/photo/ page without video-detail, only seo.abtest.canonical',
    kind: 'photo',
    itemId: '7436554908817628462',
    username: 'hullcity.fan',
    nickname: 'Tigers',
    caption: 'matchday in pictures',
    link: 'https://www.tiktok.com/@hullcity.fan/photo/7436554908817628462',
    shortLink: 'https://vm.tiktok.com/ZMhvCanon4/',
    media: { images: 4, audio: true },
    tiktok: { statusCode: 0, layout: 'photo-canonical' },
    expect: photoPost(true),
  },
  {
    id: 'photo-webp-first',
    title: 'Photo post whose urlList puts .webp before .jpeg',
    kind: 'photo',
    itemId: '7436002219871144238',
    username: 'ana.sketches',
    nickname: 'Ana',
    caption: 'two quick ones',
    link: 'https://www.tiktok.com/@ana.sketches/photo/7436002219871144238',
    shortLink: 'https://vt.tiktok.com/ZSwebp2Fx/',
    media: { images: 2, audio: true },
    tiktok: { statusCode: 0, variants: { webpFirst: true } },
    expect: photoPost(true),
  },
  {
    id: 'sigi-layout',
    title: 'Older page layout (SIGI_STATE, ItemModule)',
    kind: 'video',
    itemId: '7240568259186019630',
    username: 'chillezy',
    nickname: 'chill',
    caption: 'old layout still around',
    link: 'https://www.tiktok.com/@chillezy/video/7240568259186019630',
    shortLink: 'https://vm.tiktok.com/ZMhvSigi7/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, layout: 'sigi', variants: { noBitrateInfo: true } },
    expect: videoPost(),
  },
  {
    id: 'legacy-fields',
    title: 'Video with legacy field variants (playAddr list, string createTime, flat author)',
    kind: 'video',
    itemId: '7301442875501399339',
    username: 'old.school',
    nickname: 'Old School',
    caption: 'legacy shapes',
    link: 'https://www.tiktok.com/@old.school/video/7301442875501399339',
    shortLink: 'https://vt.tiktok.com/ZSlegcy5B/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, variants: { playAddrList: true, createTimeString: true, flatAuthor: true } },
    expect: videoPost(),
  },
  {
    id: 'waf-challenge',
    title: 'Page behind the WAF "Please wait..." challenge',
    kind: 'video',
    itemId: '7435117790436101406',
    username: 'jun.bakes',
    nickname: 'Jun bakes',
    caption: 'croissant lamination',
    link: 'https://www.tiktok.com/@jun.bakes/video/7435117790436101406',
    shortLink: 'https://vm.tiktok.com/ZMhvWafC1/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, waf: true },
    expect: videoPost(),
  },
  {
    id: 'post-deleted',
    title: 'Deleted post (10204)',
    kind: 'video',
    itemId: '7434000112233445566',
    username: 'ughuwhguweghw',
    nickname: 'gone',
    caption: '',
    link: 'https://www.tiktok.com/@ughuwhguweghw/video/7434000112233445566',
    shortLink: 'https://vm.tiktok.com/ZMhvDel10/',
    media: {},
    tiktok: { statusCode: 10204, statusMsg: 'item doesn\'t exist' },
    expect: all(fail('NOT_FOUND')),
  },
  {
    id: 'private-account',
    title: 'Private account (10222)',
    kind: 'video',
    itemId: '7433507718820011310',
    username: 'closed.circle',
    nickname: 'friends only',
    caption: '',
    link: 'https://www.tiktok.com/@closed.circle/video/7433507718820011310',
    shortLink: 'https://vt.tiktok.com/ZSpriv8Ac/',
    media: {},
    tiktok: { statusCode: 10222, statusMsg: 'author_secret' },
    expect: refusal('PRIVATE'),
  },
  {
    id: 'private-post',
    title: 'Private post (10216)',
    kind: 'video',
    itemId: '7433509920031766302',
    username: 'jun.bakes',
    nickname: 'Jun bakes',
    caption: '',
    link: 'https://www.tiktok.com/@jun.bakes/video/7433509920031766302',
    shortLink: 'https://www.tiktok.com/t/ZTRprvPst/',
    media: {},
    tiktok: { statusCode: 10216, statusMsg: 'status_self_see' },
    expect: refusal('PRIVATE'),
  },
  {
    id: 'login-required',
    title: 'Page that redirects to /login',
    kind: 'video',
    itemId: '7433512247770061086',
    username: 'members.club',
    nickname: 'Members',
    caption: '',
    link: 'https://www.tiktok.com/@members.club/video/7433512247770061086',
    shortLink: 'https://vm.tiktok.com/ZMhvLogn2/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 0, loginRedirect: true },
    expect: refusal('PRIVATE'),
  },
  {
    id: 'age-restricted',
    title: 'Age-restricted post (isContentClassified, no video)',
    kind: 'video',
    itemId: '7432208856604163358',
    username: 'night.shift',
    nickname: 'night shift',
    caption: 'viewer discretion',
    link: 'https://www.tiktok.com/@night.shift/video/7432208856604163358',
    shortLink: 'https://vt.tiktok.com/ZSage18Rx/',
    media: {},
    tiktok: { statusCode: 0, ageRestricted: true },
    expect: refusal('AGE_RESTRICTED'),
  },
  {
    id: 'region-blocked',
    title: 'Region-blocked post (10231); services abroad still get it',
    kind: 'video',
    itemId: '7431990051172838702',
    username: 'local.news',
    nickname: 'Local News',
    caption: 'only in some countries',
    link: 'https://www.tiktok.com/@local.news/video/7431990051172838702',
    shortLink: 'https://vm.tiktok.com/ZMhvRegn9/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 10231, statusMsg: 'region_block' },
    expect: { ...videoPost(), native: fail('REGION_BLOCKED'), cobalt: fail('REGION_BLOCKED') },
  },
  {
    id: 'account-gone',
    title: 'Account could not be found (10221)',
    kind: 'video',
    itemId: '7430118820047719726',
    username: 'deleted.user.99',
    nickname: '',
    caption: '',
    link: 'https://www.tiktok.com/@deleted.user.99/video/7430118820047719726',
    shortLink: 'https://vt.tiktok.com/ZSgone4Ac/',
    media: {},
    tiktok: { statusCode: 10221, statusMsg: 'user_not_found' },
    expect: all(fail('NOT_FOUND')),
  },
  {
    id: 'unknown-status',
    title: 'Unknown status code 100004 (services still get it)',
    kind: 'video',
    itemId: '7429833301267443990',
    username: 'jun.bakes',
    nickname: 'Jun bakes',
    caption: 'mystery',
    link: 'https://www.tiktok.com/@jun.bakes/video/7429833301267443990',
    shortLink: 'https://www.tiktok.com/t/ZTRunk100/',
    media: { video: true, audio: true },
    tiktok: { statusCode: 100004, statusMsg: '' },
    expect: { ...videoPost(), native: fail('UPSTREAM_CHANGED') },
  },
];

const byId = new Map(SCENARIOS.map((s) => [s.id, s]));
const byItemId = new Map(SCENARIOS.map((s) => [s.itemId, s]));

export function getScenario(id: string): Scenario {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown sandbox scenario "${id}" (known: ${[...byId.keys()].join(', ')})`);
  return found;
}

export function findScenarioByItemId(itemId: string): Scenario | undefined {
  return byItemId.get(itemId);
}

/** The short-link code (last path segment) of a scenario's shortLink. */
export function shortCode(s: Scenario): string {
  return new URL(s.shortLink).pathname.split('/').filter(Boolean).pop() ?? '';
}

/**
 * More short links for a scenario's item, landing where TikTok Lite and comment shares
 * land: `vm.tiktok.com/…` -> `https://t.tiktok.com/i18n/share/video/ID/` (reference
 * tiktok-web.md §0, cobalt PR #1192), an item link, not another short link.
 */
export interface ShortLinkVariant {
  shortLink: string;
  scenarioId: string;
  lands: 'lite' | 'comment';
  /** The comment a comment share points at (`share_comment_id`). */
  commentId?: string;
}

export const SHORT_LINK_VARIANTS: readonly ShortLinkVariant[] = [
  { shortLink: 'https://vm.tiktok.com/ZMhvLite5/', scenarioId: 'video-post', lands: 'lite' },
  { shortLink: 'https://vt.tiktok.com/ZSlitCmt8/', scenarioId: 'video-post', lands: 'comment', commentId: '7438300219864105733' },
  { shortLink: 'https://vm.tiktok.com/ZMhvLitS3/', scenarioId: 'story-video', lands: 'lite' },
];

export function findShortLinkVariant(code: string): ShortLinkVariant | undefined {
  return SHORT_LINK_VARIANTS.find((v) => new URL(v.shortLink).pathname.split('/').filter(Boolean).pop() === code);
}

export function findScenarioByShortCode(code: string): Scenario | undefined {
  const variant = findShortLinkVariant(code);
  return variant ? byId.get(variant.scenarioId) : SCENARIOS.find((s) => shortCode(s) === code);
}
