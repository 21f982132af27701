/**
 * `GET /api/story/item_list/?authorId=…&loadBackward=false&count=5&cursor=…` as gallery-dl's
 * TiktokStoriesExtractor uses it (tiktok-web.md §3): `itemList[]` in the post item shape,
 * absent when the author has no live story; paging by MaxCursor/HasMoreAfter. Stories the
 * desktop page refuses (mobile-only) are not listed to a web_pc client either. A page holds
 * at most PAGE_CAP stories whatever `count` asks (list endpoints often return fewer than
 * asked), so a client must follow HasMoreAfter, never count the items.
 */
import type { ServerResponse } from 'node:http';
import { SCENARIOS } from '../scenarios.js';
import type { Signer } from '../signing.js';
import { buildItemStruct, numericId, storyRanOut } from './item.js';

const PAGE_CAP = 2;

export function storyItemList(res: ServerResponse, url: URL, signer: Signer, time: { nowMs: number; anchorMs: number }, mobile: boolean): void {
  const { nowMs, anchorMs } = time;
  const authorId = url.searchParams.get('authorId') ?? '';
  const count = Math.max(1, Math.min(Number(url.searchParams.get('count')) || 5, PAGE_CAP));
  const cursor = Math.max(0, Number(url.searchParams.get('cursor')) || 0);
  const stories = SCENARIOS.filter(
    (s) =>
      s.kind === 'story' &&
      numericId(`user:${s.username}`) === authorId &&
      s.tiktok.statusCode === 0 &&
      (s.expiresInSec ?? 0) > 0 &&
      !storyRanOut(s, anchorMs, nowMs) &&
      (!s.tiktok.mobileOnly || mobile),
  );
  const page = stories.slice(cursor, cursor + count);
  const body: Record<string, unknown> = {
    extra: { fatal_item_ids: [], logid: nowMs.toString(16).toUpperCase(), now: nowMs },
    log_pb: { impr_id: nowMs.toString(16).toUpperCase() },
    statusCode: 0,
    status_code: 0,
    statusMsg: '',
    HasMoreAfter: cursor + count < stories.length,
    HasMoreBefore: cursor > 0,
    MaxCursor: String(cursor + page.length),
    MinCursor: String(cursor),
  };
  if (page.length) body.itemList = page.map((s) => buildItemStruct(s, { signer, nowMs, anchorMs }));
  const json = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) }).end(json);
}
