/**
 * Profile pages `/@{uniqueId}` and `/@{secUid}` (tiktok-web.md §0 and §2): a mobile
 * User-Agent gets the full page with `__DEFAULT_SCOPE__["webapp.user-detail"]`
 * (`userInfo.user.{id,secUid,uniqueId,userStoryStatus,hasStory}`, stats, statsV2); a
 * desktop UA without a browser's TLS fingerprint gets today's ~1.4 KB stub with no data.
 * Private accounts answer 10222, missing ones 10221.
 */
import { SCENARIOS } from '../scenarios.js';
import type { Scenario } from '../types.js';
import { authorObject, storyRanOut } from './item.js';
import { type PageContext, renderScopePage, seoAbtest } from './page.js';

/** The scenarios of the account a profile path names, by uniqueId or secUid. */
export function accountScenarios(slot: string): Scenario[] {
  const byName = SCENARIOS.filter((s) => s.username === slot);
  if (byName.length) return byName;
  const owner = SCENARIOS.find((s) => authorObject(s).secUid === slot);
  return owner ? SCENARIOS.filter((s) => s.username === owner.username) : [];
}

/** Stories of this account that are up right now (what the story list returns). */
export function liveStories(own: readonly Scenario[], anchorMs: number, nowMs: number): Scenario[] {
  return own.filter((s) => s.kind === 'story' && s.tiktok.statusCode === 0 && (s.expiresInSec ?? 0) > 0 && !storyRanOut(s, anchorMs, nowMs));
}

/** What a plain desktop client gets from the real site today: 200, ~1.4 KB, nothing to parse. */
export function desktopStub(canonical: string): string {
  const filler = '<div class="css-1x9k2z8-DivBodyContainer e1irlpdw0"></div>'.repeat(14);
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charSet="UTF-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/>` +
    `<title>TikTok - Make Your Day</title><link rel="canonical" href="${canonical}"/>` +
    `<script src="https://sf16-website-login.neutral.ttwstatic.com/obj/tiktok_web_login_static/tiktok/webapp/main/webapp-desktop/npm-async-bundle.js" async></script>` +
    `</head><body><div id="app">${filler}</div></body></html>`
  );
}

export function renderProfilePage(slot: string, p: PageContext): string {
  const own = accountScenarios(slot);
  const first = own[0];
  const username = first?.username ?? slot;
  const canonical = `https://www.tiktok.com/@${username}`;
  if (!p.mobile) return desktopStub(canonical);
  let detail: Record<string, unknown>;
  if (!first || own.every((s) => s.tiktok.statusCode === 10221)) {
    detail = { statusCode: 10221, statusMsg: 'user_not_found', needFix: false };
  } else {
    const isPrivate = own.some((s) => s.tiktok.statusCode === 10222);
    const stories = liveStories(own, p.anchorMs ?? p.nowMs, p.nowMs);
    const videoCount = own.filter((s) => s.kind !== 'story').length;
    const counts = { followerCount: 18000 + videoCount, followingCount: 210, heart: 240000, heartCount: 240000, videoCount, diggCount: 0, friendCount: 12 };
    detail = {
      userInfo: {
        user: {
          ...authorObject(first),
          createTime: Math.floor(p.nowMs / 1000) - 800 * 86400,
          isUnderAge18: false,
          roomId: '',
          // A private account does not tell a logged-out viewer about its stories.
          userStoryStatus: stories.length && !isPrivate ? 1 : 0,
          hasStory: stories.length > 0 && !isPrivate,
        },
        stats: counts,
        statsV2: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])),
        itemList: [],
      },
      statusCode: isPrivate ? 10222 : 0,
      statusMsg: isPrivate ? 'author_secret' : '',
      needFix: true,
    };
  }
  const title = `${first?.nickname ?? username} (@${username}) | TikTok`;
  return renderScopePage(p, title, canonical, { 'seo.abtest': seoAbtest(canonical, ''), 'webapp.user-detail': detail });
}
