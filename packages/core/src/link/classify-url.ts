/**
 * Turns one TikTok URL into a ParsedLink: the path forms of reference/tiktok-web.md §1
 * (yt-dlp TikTokIE/VMIE/UserIE/LiveIE, gallery-dl, cobalt service-config) as a small table.
 * Query strings are dropped on purpose: share links carry tracking (`_t`, `_r`,
 * `is_from_webapp`, `sender_device`, `web_id`, `utm_*` ...) and none of it selects content,
 * except `q` on search pages, a comment id on comment links and the item id of the old
 * `foryou?item_id=` / `trending?shareId=` shares (reference/tiktok-web.md §0 "Links that are
 * easy to get wrong").
 */
import type { LinkKind } from '../schemas.js';
import { SHORT_LINK_HOSTS, normalizeHost } from './hosts.js';

/** Extra detail for messages: which page a wrong-kind or invalid link points at. */
export type LinkNote =
  | 'empty'
  | 'unsafe-scheme'
  | 'no-link'
  | 'malformed'
  | 'media-file'
  | 'douyin'
  | 'other-site'
  | 'home'
  | 'tiktok-page'
  | 'stories'
  | 'collection'
  | 'playlist'
  | 'effect'
  | 'discover';

export interface Classified {
  kind: LinkKind;
  url?: string;
  id?: string;
  username?: string;
  comment?: string;
  note?: LinkNote;
  /** The page name for `tiktok-page` notes, e.g. "foryou"; the host for `media-file`. */
  page?: string;
  /** The account's internal id when the `@` slot holds one instead of a username. */
  secUid?: string;
}

const WWW = 'https://www.tiktok.com';
const NUMERIC_ID = /^\d{1,30}$/;
/** Short-link codes: 9-12 alphanumerics in practice (ZSe4FqkKd); be lenient. */
const SHORT_CODE = /^[A-Za-z0-9_-]{3,32}$/;
/** Usernames: letters, digits, `_` and `.` per TikTok, plus `-` (yt-dlp) and any script. */
const USERNAME = /^[\p{L}\p{N}\p{M}_.-]{1,64}$/u;
const COMMENT_PARAMS = ['comment_id', 'share_comment_id'];
/**
 * A secUid in the `@` slot (`@MS4wLjABAAAA…`, about 76 characters; yt-dlp's tests have
 * video and profile links with one): an account's internal id, not a username.
 */
const SEC_UID = /^MS4wLjABAAAA[A-Za-z0-9_-]{16,160}$/;
/** Old share forms that carry the item in the query: `foryou?…&item_id=ID`, `trending?shareId=ID`. */
const ITEM_QUERY_PARAMS = ['item_id', 'share_item_id', 'shareId'];

/**
 * Media files on TikTok's own hosts, as people paste them from a player or a network tab
 * (`v16-webapp-prime.us.tiktok.com/video/tos/…`, `www.tiktok.com/aweme/v1/play/?…`; the
 * CDN hosts `*.tiktokcdn*.com` are in hosts.ts): such a URL is bound to the page session
 * that made it (reference §0) and names no post by its path.
 */
const MEDIA_HOST = /^(?:v\d+[a-z]*|p\d+|sf\d+)(?:-[a-z0-9]+)*\./;
const MEDIA_PATHS = [/^\/aweme\/v\d+\/play/i, /^\/video\/tos\//i, /^\/obj\//i, /^\/tos-[a-z0-9-]+\//i];
/** One-segment words that are paths, never short codes, even on the short-link hosts. */
const PATH_WORDS = new Set(['i18n', 'share', 'h5', 'node', 'embed', 'video', 'photo', 'music', 'tag', 'search', 'discover', 't', 'v', 'aweme']);

/** Lowercase one-segment paths that are TikTok pages, never short codes. */
const TIKTOK_PAGES = new Set([
  'foryou', 'following', 'friends', 'explore', 'live', 'upload', 'messages', 'inbox',
  'login', 'signup', 'logout', 'setting', 'settings', 'coin', 'about', 'legal', 'business',
  'creators', 'download', 'feedback', 'privacy', 'safety', 'community-guidelines', 'channel',
  'trending', 'shop', 'feed', 'profile', 'notifications',
]);

export function classifyTikTokUrl(url: URL): Classified {
  const host = normalizeHost(url.hostname);
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const [first = '', second = '', third = ''] = segments;
  const lower = first.toLowerCase();

  if (isMediaFile(host, url)) return mediaFile(host, url);
  // A short-link host serves one code per link; anything longer (t.tiktok.com/i18n/share/
  // video/ID of TikTok Lite and comment shares, cobalt PR #1192) is an ordinary path form.
  if (SHORT_LINK_HOSTS.has(host) && segments.length <= 1 && !first.startsWith('@') && !PATH_WORDS.has(lower)) {
    if (SHORT_CODE.test(first) && !TIKTOK_PAGES.has(lower)) return short(`https://${host}/${first}/`, first);
    return first ? malformed() : { kind: 'invalid', note: 'home' };
  }
  if (!first) return { kind: 'invalid', note: 'home' };
  if (first.startsWith('@')) return classifyUserPath(first.slice(1), segments.slice(1), url);

  switch (lower) {
    case 't':
      return SHORT_CODE.test(second) ? short(`${WWW}/t/${second}/`, second) : malformed();
    case 'video':
    case 'photo':
      // /video/ID without a user (seen in app-generated links).
      return post(lower === 'video' ? 'video' : 'photo', '', second, url);
    case 'share':
      if (second === 'video') return post('video', '', third, url);
      if (second === 'live' && NUMERIC_ID.test(third)) return { kind: 'live', id: third, url: `https://m.tiktok.com/share/live/${third}` };
      if (second === 'user') return { kind: 'profile' };
      return malformed();
    case 'i18n':
      // t.tiktok.com/i18n/share/{video,music}/ID/: TikTok Lite and comment shares.
      if (second === 'share' && third === 'video') return post('video', '', segments[3] ?? '', url);
      if (second === 'share' && third === 'music') return music(segments[3] ?? '');
      return malformed();
    case 'embed': {
      // /embed/ID, /embed/v2/ID, /embed/v3/ID; /embed/@user is a creator embed.
      if (second.startsWith('@')) return classifyUserPath(second.slice(1), [], url);
      const id = /^v\d$/.test(second) ? third : second;
      return post('video', '', id, url);
    }
    case 'v': {
      // The old m.tiktok.com/v/ID.html form (cobalt `v/:id.html`).
      const id = second.replace(/\.html$/i, '');
      return post('video', '', id, url);
    }
    case 'music': {
      const id = /(?:^|-)(\d{1,30})$/.exec(second)?.[1];
      return second ? { kind: 'music', url: `${WWW}/music/${encodeURIComponent(second)}`, ...(id && { id }) } : malformed();
    }
    case 'tag':
      return second ? { kind: 'tag', url: `${WWW}/tag/${encodeURIComponent(second)}` } : malformed();
    case 'discover':
      return second
        ? { kind: 'search', url: `${WWW}/discover/${encodeURIComponent(second)}`, note: 'discover' }
        : { kind: 'search', url: `${WWW}/discover`, note: 'discover' };
    case 'search': {
      const q = url.searchParams.get('q') ?? '';
      return { kind: 'search', url: q ? `${WWW}/search?q=${encodeURIComponent(q)}` : `${WWW}/search` };
    }
    case 'live':
      return { kind: 'live', url: `${WWW}/live` };
    case 'h5': {
      // m.tiktok.com/h5/share/{usr,music}/ID.html: the old mobile share pages.
      const id = (segments[3] ?? '').replace(/\.html$/i, '');
      if (second === 'share' && third === 'usr') return { kind: 'profile' };
      if (second === 'share' && third === 'music') return music(id);
      if (second === 'share' && third === 'video') return post('video', '', id, url);
      return { kind: 'invalid', note: 'tiktok-page', page: lower };
    }
    case 'node':
      // /node/share/video/@user/ID: the 2019-era share form.
      if (second === 'share' && third === 'video' && segments[3]?.startsWith('@')) {
        return post('video', segments[3].slice(1), segments[4] ?? '', url);
      }
      return { kind: 'invalid', note: 'tiktok-page', page: lower };
    case 'effect':
    case 'sticker':
      return { kind: 'invalid', note: 'effect' };
  }
  if (segments.length === 1 && TIKTOK_PAGES.has(lower)) {
    const id = ITEM_QUERY_PARAMS.map((name) => url.searchParams.get(name)).find((v) => v && NUMERIC_ID.test(v));
    if (id) return post('video', '', id, url);
  }
  if (segments.length === 1 && !TIKTOK_PAGES.has(lower) && SHORT_CODE.test(first) && /[A-Z]/.test(first)) {
    // tiktok.com/ZSe4FqkKd: cobalt accepts a bare short code on the main host too.
    return short(`https://vt.tiktok.com/${first}/`, first);
  }
  return { kind: 'invalid', note: 'tiktok-page', page: lower };
}

function classifyUserPath(rawUser: string, rest: string[], url: URL): Classified {
  const username = rawUser.trim();
  if (SEC_UID.test(username)) return classifySecUidPath(username, rest, url);
  if (username && !USERNAME.test(username)) return malformed();
  const [section = '', value = ''] = rest;
  switch (section.toLowerCase()) {
    case 'video':
      return post('video', username, value, url);
    case 'photo':
      return post('photo', username, value, url);
    case 'story':
      return post('story', username, value, url);
    case 'live':
      return username ? { kind: 'live', username, url: `${WWW}/@${encodeURIComponent(username)}/live` } : malformed();
  }
  if (!username) return malformed();
  const profile = `${WWW}/@${encodeURIComponent(username)}`;
  switch (section.toLowerCase()) {
    case '':
      return { kind: 'profile', username, url: profile };
    case 'stories':
      return { kind: 'profile', username, url: `${profile}/stories`, note: 'stories' };
    case 'collection':
    case 'playlist':
      return {
        kind: 'profile',
        username,
        url: value ? `${profile}/${section.toLowerCase()}/${encodeURIComponent(value)}` : profile,
        note: section.toLowerCase() as 'collection' | 'playlist',
      };
    default:
      return { kind: 'profile', username, url: profile };
  }
}

function classifySecUidPath(secUid: string, rest: string[], url: URL): Classified {
  const [section = '', value = ''] = rest;
  const lower = section.toLowerCase();
  if (lower === 'video' || lower === 'photo' || lower === 'story') return { ...post(lower, '', value, url), secUid };
  if (lower === 'live') return { kind: 'live', secUid, url: `${WWW}/@${secUid}/live` };
  return { kind: 'profile', secUid, url: `${WWW}/@${secUid}` };
}

function music(segment: string): Classified {
  return NUMERIC_ID.test(segment) ? { kind: 'music', id: segment, url: `${WWW}/music/${segment}` } : malformed();
}

function isMediaFile(host: string, url: URL): boolean {
  return MEDIA_HOST.test(host) || MEDIA_PATHS.some((path) => path.test(url.pathname));
}

function mediaFile(host: string, url: URL): Classified {
  // aweme/v1/play URLs usually name their post (`item_id=`): the doctor can point at it.
  const id = ITEM_QUERY_PARAMS.map((name) => url.searchParams.get(name)).find((v) => v && NUMERIC_ID.test(v));
  return { kind: 'invalid', note: 'media-file', page: host, ...(id && { id }) };
}

function post(kind: 'video' | 'photo' | 'story', username: string, id: string, url: URL): Classified {
  if (!NUMERIC_ID.test(id)) return malformed();
  const comment = COMMENT_PARAMS.map((name) => url.searchParams.get(name)).find((v) => v && NUMERIC_ID.test(v));
  return {
    kind,
    id,
    url: `${WWW}/@${username ? encodeURIComponent(username) : '_'}/${kind}/${id}`,
    ...(username && { username }),
    ...(comment && { comment }),
  };
}

function short(url: string, code: string): Classified {
  return { kind: 'short', url, id: code };
}

function malformed(): Classified {
  return { kind: 'invalid', note: 'malformed' };
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
