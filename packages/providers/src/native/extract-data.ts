/**
 * Pulls the embedded page data out of a TikTok page by scanning the string. A page is
 * about 0.3-1 MB; building a DOM for it would cost far more than the JSON.parse we need
 * (issue 6 step 3, bench/parse.mjs). One reader for every known place of the item
 * (reference tiktok-web.md §0 and §2), in this order:
 * `__UNIVERSAL_DATA_FOR_REHYDRATION__` → `__DEFAULT_SCOPE__["webapp.reflow.video.detail"]`
 * (today's mobile pages) and `["webapp.video-detail"]` (desktop), then the older
 * `SIGI_STATE` / `sigi-persisted-data` → `ItemModule[id]`, then `__NEXT_DATA__` →
 * `props.pageProps`. The first scope that holds the item wins, whichever route served it.
 */
import { TiksaverError } from '@tiksaver/core';
import { getPath } from '../shared/get-path.js';

/** Where an item-detail object was found, named as in error messages. */
export type ScopeName = 'webapp.reflow.video.detail' | 'webapp.video-detail' | 'ItemModule' | '__NEXT_DATA__';

/** A `webapp.video-detail`-shaped object (statusCode, statusMsg, itemInfo.itemStruct), validated later. */
export interface ScopeDetail {
  scope: ScopeName;
  detail: unknown;
}

export type PageData =
  | {
      layout: 'universal' | 'sigi' | 'next';
      /** Every item-detail scope present, in reading order (may be empty: an app shell). */
      scopes: ScopeDetail[];
      /** The detail the reader will use: the first scope holding the item, else the first scope (undefined: none). */
      videoDetail: unknown;
      /** `seo.abtest.canonical` (universal layout only). */
      canonical?: string;
    }
  | { layout: 'waf' }
  | { layout: 'none' };

/** Universal-layout scope keys that can hold the item, in reading order. */
export const ITEM_SCOPES = ['webapp.reflow.video.detail', 'webapp.video-detail'] as const;

/**
 * The text content of `<script id="{id}" ...>...</script>`, or undefined. Tolerates any
 * attribute order and quoting; the JSON itself cannot contain `</script>` (the page would
 * break), so the first closing tag ends it.
 */
export function findScriptById(html: string, id: string): string | undefined {
  for (const needle of [`id="${id}"`, `id='${id}'`, `id=${id}`]) {
    let from = 0;
    for (;;) {
      const at = html.indexOf(needle, from);
      if (at < 0) break;
      from = at + needle.length;
      const tagStart = html.lastIndexOf('<', at);
      if (tagStart < 0 || !/^<script\b/i.test(html.slice(tagStart, tagStart + 8))) continue;
      // `id=X` unquoted must end at a delimiter, not be a prefix of a longer id.
      const after = html.charCodeAt(at + needle.length);
      if (needle.endsWith(id) && !(after === 62 || after === 32 || after === 47 || after === 9 || after === 10)) continue;
      const open = html.indexOf('>', at + needle.length);
      if (open < 0) return undefined;
      const close = html.indexOf('</script>', open + 1);
      if (close < 0) return undefined;
      return html.slice(open + 1, close);
    }
  }
  return undefined;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TiksaverError('UPSTREAM_CHANGED', `TikTok page data (${where}) is not valid JSON`, {
      cause,
      detail: { layout: where },
    });
  }
}

/** Recognises the WAF challenge page by its marker elements (#cs holds the puzzle, #wci the cookie name). */
export function isWafChallenge(html: string): boolean {
  return /\bid=["']?cs["'\s>]/.test(html) && /\bid=["']?wci["'\s>]/.test(html);
}

/** Whether the page carries any known data blob (a stub or a challenge does not). */
export function hasDataScript(html: string): boolean {
  return html.includes('__UNIVERSAL_DATA_FOR_REHYDRATION__') || html.includes('SIGI_STATE') || html.includes('sigi-persisted-data') || html.includes('__NEXT_DATA__');
}

function sigiScope(html: string, itemId: string): ScopeDetail | undefined {
  const sigi = findScriptById(html, 'SIGI_STATE') ?? findScriptById(html, 'sigi-persisted-data');
  if (sigi === undefined) return undefined;
  const state = parseJson(sigi, 'sigi');
  const item = getPath(state, 'ItemModule', itemId);
  // SIGI pages had no video-detail wrapper; a status code, when any, sat in VideoPage.
  const statusCode = getPath(state, 'VideoPage', 'statusCode');
  return {
    scope: 'ItemModule',
    detail: item === undefined && statusCode === undefined ? undefined : { statusCode: statusCode ?? 0, itemInfo: { itemStruct: item } },
  };
}

function nextScope(html: string): ScopeDetail | undefined {
  const next = findScriptById(html, '__NEXT_DATA__');
  return next === undefined ? undefined : { scope: '__NEXT_DATA__', detail: getPath(parseJson(next, 'next'), 'props', 'pageProps') };
}

const holdsItem = (s: ScopeDetail) => getPath(s.detail, 'itemInfo', 'itemStruct') != null;
const chosen = (scopes: ScopeDetail[]) => (scopes.find(holdsItem) ?? scopes[0])?.detail;

export function extractPageData(html: string, itemId: string): PageData {
  const universal = findScriptById(html, '__UNIVERSAL_DATA_FOR_REHYDRATION__');
  if (universal !== undefined) {
    const scope = getPath(parseJson(universal, 'universal'), '__DEFAULT_SCOPE__');
    const canonical = getPath(scope, 'seo.abtest', 'canonical');
    const scopes: ScopeDetail[] = [];
    for (const key of ITEM_SCOPES) {
      const detail = getPath(scope, key);
      if (detail !== undefined) scopes.push({ scope: key, detail });
    }
    // A page mixing layouts is rare; look further only when no current scope has the item.
    if (!scopes.some(holdsItem)) {
      for (const extra of [sigiScope(html, itemId), nextScope(html)]) if (extra?.detail !== undefined) scopes.push(extra);
    }
    return { layout: 'universal', scopes, videoDetail: chosen(scopes), ...(typeof canonical === 'string' && { canonical }) };
  }
  const sigi = sigiScope(html, itemId);
  if (sigi !== undefined) return { layout: 'sigi', scopes: sigi.detail === undefined ? [] : [sigi], videoDetail: sigi.detail };
  const next = nextScope(html);
  if (next !== undefined) return { layout: 'next', scopes: next.detail === undefined ? [] : [next], videoDetail: next.detail };
  if (isWafChallenge(html)) return { layout: 'waf' };
  return { layout: 'none' };
}
