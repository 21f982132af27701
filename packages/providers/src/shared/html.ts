/**
 * cheerio, imported on the first page that needs it. cheerio brings parse5, iconv-lite and
 * undici (~2.3 MB of source); importing them with every adapter made each CLI start pay
 * ~100 ms of compiling before any provider ran, even for a cobalt-only run that never
 * reads HTML (bench/README.md, issue 18).
 */
import type { CheerioAPI } from 'cheerio';

let cheerio: Promise<typeof import('cheerio')> | undefined;

/** The document as cheerio's `$`. */
export async function loadHtml(html: string): Promise<CheerioAPI> {
  const { load } = await (cheerio ??= import('cheerio'));
  return load(html);
}
