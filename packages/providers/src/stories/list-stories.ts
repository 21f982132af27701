/**
 * The story listing step (issue 14): profile link → profile page (account id) → story list
 * pages → the stories that are up now. Each story is then resolved by id like any pasted
 * link, through the normal engine and its fallback; this module only finds them.
 */
import { hintParts, type Hint } from '@tiksaver/core';
import { ItemStruct } from '../native/schemas.js';
import { storyInfo } from '../native/map-item.js';
import type { RouteRecord } from '../native/request.js';
import { fetchProfilePage, profileSlot, readProfile, type ProfileInfo, type ProfileRef, type StoryContext } from './profile-page.js';
import { fetchStoryItems, LOGIN_HINT } from './story-api.js';
import { getPath } from '../shared/get-path.js';

export interface StorySummary {
  id: string;
  kind: 'video' | 'photo';
  /** The link the story is resolved and saved through: https://www.tiktok.com/@{user}/story/{id}. */
  url: string;
  createdAt?: string;
  /** `story.ExpiredAt` (ms) or its fallbacks; else createTime + 24 h (tiktok-web.md §3). */
  expiresAt?: string;
  caption?: string;
  /** Cover or first image on TikTok's CDN (display only). */
  thumbnail?: string;
}

export interface StoryListing {
  author: { id: string; username: string; secUid?: string; nickname?: string };
  /** What the profile page said (`hasStory` / `userStoryStatus`), when it said anything. */
  profileSaysStory?: boolean;
  stories: StorySummary[];
  /** The page routes tried for the profile page (detail.routes shape: route, label, url, held ...). */
  routes?: RouteRecord[];
}

function firstUrl(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    if (typeof c === 'string' && /^https?:\/\//.test(c)) return c;
    if (Array.isArray(c)) {
      const hit = c.find((u) => typeof u === 'string' && /^https?:\/\//.test(u));
      if (hit) return hit as string;
    }
  }
  return undefined;
}

/** One list item → summary; lenient on metadata, only the id is required. */
export function summarise(raw: unknown, username: string, now: number): StorySummary | undefined {
  const id = String(getPath(raw, 'id') ?? '');
  if (!/^\d{1,25}$/.test(id)) return undefined;
  const parsed = ItemStruct.safeParse(raw);
  const images = getPath(raw, 'imagePost', 'images');
  const kind = Array.isArray(images) && images.length > 0 ? 'photo' : 'video';
  const created = parsed.success && parsed.data.createTime ? parsed.data.createTime : undefined;
  const { expiresAtMs } = parsed.success ? storyInfo(parsed.data, 'story') : {};
  if (expiresAtMs !== undefined && expiresAtMs <= now) return undefined;
  const caption = getPath(raw, 'desc');
  const thumbnail = firstUrl(getPath(raw, 'video', 'cover'), getPath(raw, 'video', 'originCover'), getPath(raw, 'imagePost', 'cover', 'imageURL', 'urlList'), getPath(images, 0, 'imageURL', 'urlList'));
  return {
    id,
    kind,
    url: `https://www.tiktok.com/@${username}/story/${id}`,
    ...(created !== undefined && { createdAt: new Date(created < 1e11 ? created * 1000 : created).toISOString() }),
    ...(expiresAtMs !== undefined && { expiresAt: new Date(expiresAtMs).toISOString() }),
    ...(typeof caption === 'string' && caption && { caption }),
    ...(thumbnail && { thumbnail }),
  };
}

export async function listStories(ctx: StoryContext, profile: ProfileRef, options: { now?: number } = {}): Promise<StoryListing> {
  const slot = profileSlot(profile);
  const page = await fetchProfilePage(ctx, profile);
  const info: ProfileInfo = readProfile(page, slot);
  ctx.logger.debug('stories: profile read', { authorId: info.id, username: info.username, hasStory: info.hasStory });
  // The list is asked even when the page says "no story": that flag is metadata, the list decides.
  let raw = await fetchStoryItems(ctx, info.id, info.pageUrl);
  if (raw.length === 0 && info.hasStory === true) {
    // The profile says there is a story but the desktop list has none: some stories are
    // only served to mobile clients (yt-dlp #7187), so ask once more as the mobile web app.
    ctx.logger.debug('stories: the profile says there is a story; asking the list again as mobile web');
    raw = await fetchStoryItems(ctx, info.id, info.pageUrl, 'mobile');
  }
  const now = options.now ?? Date.now();
  const stories = raw.map((item) => summarise(item, info.username, now)).filter((s): s is StorySummary => s !== undefined);
  return {
    author: { id: info.id, username: info.username, ...(info.secUid && { secUid: info.secUid }), ...(info.nickname && { nickname: info.nickname }) },
    ...(info.hasStory !== undefined && { profileSaysStory: info.hasStory }),
    stories,
    ...(page.routes && { routes: page.routes }),
  };
}

/** "No story now" in one plain sentence. */
export function noStorySentence(username: string): string {
  return `@${username} has no story up right now (stories last about 24 hours), so there is nothing to save.`;
}

/**
 * An empty list from a profile that says it has a story: TikTok probably hid the list from a
 * logged-out viewer rather than there being none (third-party code: the list "requires
 * logged-in cookies", tiktok-web.md §3).
 */
export function emptyListHint(listing: StoryListing): Hint | undefined {
  if (listing.stories.length > 0 || listing.profileSaysStory !== true) return undefined;
  return [`The profile says @${listing.author.username} has a story, but TikTok listed none: it may show the list only to a signed-in viewer. `, ...hintParts(LOGIN_HINT)];
}
