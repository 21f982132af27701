/**
 * Pulls the embedded page data out of a TikTok item page by scanning the string. A page is
 * about 1 MB; building a DOM for it would cost far more than the JSON.parse we need
 * (issue 6 step 3, bench/parse.mjs). Layouts, newest first (reference tiktok-web.md §2):
 * `__UNIVERSAL_DATA_FOR_REHYDRATION__` → `__DEFAULT_SCOPE__["webapp.video-detail"]`,
 * `SIGI_STATE` / `sigi-persisted-data` → `ItemModule[id]`, `__NEXT_DATA__` →
 * `props.pageProps`. The WAF "Please wait" page has none of them.
 */
import { TiksaverError } from '@tiksaver/core';

export type PageData =
  | {
      layout: 'universal' | 'sigi' | 'next';
      /** Raw `webapp.video-detail`-shaped object, validated later; undefined when absent. */
      videoDetail: unknown;
      /** `seo.abtest.canonical` (universal layout only). */
      canonical?: string;
    }
  | { layout: 'waf' }
  | { layout: 'none' };

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

function get(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Recognises the WAF challenge page by its marker elements (#cs holds the puzzle, #wci the cookie name). */
export function isWafChallenge(html: string): boolean {
  return /\bid=["']?cs["'\s>]/.test(html) && /\bid=["']?wci["'\s>]/.test(html);
}

export function extractPageData(html: string, itemId: string): PageData {
  const universal = findScriptById(html, '__UNIVERSAL_DATA_FOR_REHYDRATION__');
  if (universal !== undefined) {
    const scope = get(parseJson(universal, 'universal'), '__DEFAULT_SCOPE__');
    const canonical = get(scope, 'seo.abtest', 'canonical');
    return {
      layout: 'universal',
      videoDetail: get(scope, 'webapp.video-detail'),
      ...(typeof canonical === 'string' && { canonical }),
    };
  }
  const sigi = findScriptById(html, 'SIGI_STATE') ?? findScriptById(html, 'sigi-persisted-data');
  if (sigi !== undefined) {
    const state = parseJson(sigi, 'sigi');
    const item = get(state, 'ItemModule', itemId);
    // SIGI pages had no video-detail wrapper; a status code, when any, sat in VideoPage.
    const statusCode = get(state, 'VideoPage', 'statusCode');
    return {
      layout: 'sigi',
      videoDetail:
        item === undefined && statusCode === undefined ? undefined : { statusCode: statusCode ?? 0, itemInfo: { itemStruct: item } },
    };
  }
  const next = findScriptById(html, '__NEXT_DATA__');
  if (next !== undefined) {
    return { layout: 'next', videoDetail: get(parseJson(next, 'next'), 'props', 'pageProps') };
  }
  if (isWafChallenge(html)) return { layout: 'waf' };
  return { layout: 'none' };
}
