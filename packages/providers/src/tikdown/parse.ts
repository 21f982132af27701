/**
 * TikDown HTML parsing with cheerio (services.md §4b): the CSRF token of the download form
 * on `/id`, then the `{ status, html }` answer of `/getAjax` whose fragment holds
 * `div.download-links > div:nth-child(1) > a` (video) and `div:nth-child(2) > a` (MP3).
 */
import { TiksaverError, type MediaItem, type ParsedLink, type Resolution } from '@tiksaver/core';
import * as z from 'zod';
import { loadHtml } from '../shared/html.js';
import { absoluteUrl, itemIdFrom, kindFromLink, serviceTargetUrl } from '../shared/link-target.js';
import { fileAs, guessFile } from '../shared/media-file.js';
import { lookupFailed, noVideoLink, PROVIDER_ID, tokenMissing } from './errors.js';

/**
 * The reference selector is `#download-form > input[type=hidden]:nth-child(2)`; positions
 * shift when the form changes, so look for the field by name first.
 */
export async function extractCsrfToken(html: string): Promise<string> {
  const $ = await loadHtml(html);
  const candidates = [
    $('#download-form input[name="_token"]').attr('value'),
    $('form input[name="_token"]').attr('value'),
    $('#download-form > input[type="hidden"]').first().attr('value'),
    $('meta[name="csrf-token"]').attr('content'),
  ];
  const token = candidates.find((value) => typeof value === 'string' && value.trim().length > 0);
  if (!token) throw tokenMissing();
  return token.trim();
}

const AjaxAnswer = z.object({
  // PHP backends are loose about booleans; accept 1/"1"/"true" as well.
  status: z.union([z.boolean(), z.number(), z.string()]).transform((value) => value === true || value === 1 || value === '1' || value === 'true'),
  html: z.string().nullish(),
});

export interface TikdownLinks {
  video?: string;
  audio?: string;
  thumbnail?: string;
}

export async function parseAjaxAnswer(raw: unknown, baseUrl: string): Promise<TikdownLinks> {
  const parsed = AjaxAnswer.safeParse(raw);
  if (!parsed.success) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'TikDown answered in an unknown shape (no `status`)', {
      provider: PROVIDER_ID,
      cause: parsed.error,
    });
  }
  if (!parsed.data.status) throw lookupFailed();
  const html = parsed.data.html ?? '';
  const $ = await loadHtml(html);
  const thumbnail = absoluteUrl($('img').first().attr('src')?.trim(), baseUrl);
  if ($('div.download-links').length === 0) {
    // Markup drift: the PHP client in services.md §4b only relies on `name="download"`.
    const anchors = $('a[name="download"]')
      .toArray()
      .map((a) => ({ href: absoluteUrl($(a).attr('href')?.trim(), baseUrl), text: $(a).text() }));
    if (anchors.length === 0) {
      throw new TiksaverError('UPSTREAM_CHANGED', 'TikDown answered status true without download links', { provider: PROVIDER_ID });
    }
    const isAudio = (a: { href?: string; text: string }) => guessFile(a.href)?.type === 'audio' || /\bmp3\b|audio|music/i.test(a.text);
    return {
      video: anchors.find((a) => !isAudio(a))?.href,
      audio: anchors.find(isAudio)?.href,
      thumbnail,
    };
  }
  const href = (selector: string) => absoluteUrl($(selector).first().attr('href')?.trim(), baseUrl);
  const links: TikdownLinks = {
    video: href('div.download-links > div:nth-child(1) > a'),
    audio: href('div.download-links > div:nth-child(2) > a'),
    thumbnail,
  };
  // Positions are the documented contract; file types are the cross-check, so a
  // reordered block does not hand out an MP3 as the video.
  if (links.video && guessFile(links.video)?.type === 'audio' && !links.audio) {
    links.audio = links.video;
    links.video = undefined;
  }
  return links;
}

export function toResolution(links: TikdownLinks, link: ParsedLink): Resolution {
  // TikDown has no photo support (services.md §4b: no evidence): a post with neither a
  // video nor a sound link is a photo post as far as we can tell. A sound-only story
  // (no video stream) still gets its MP3.
  if (!links.video && !links.audio) throw noVideoLink();
  const items: MediaItem[] = [];
  if (links.video) {
    items.push({ type: 'video', url: links.video, ext: 'mp4', mimeType: 'video/mp4', watermark: false, quality: 'SD, no watermark' });
  }
  if (links.audio) {
    const { ext, mimeType } = fileAs('audio', links.audio);
    items.push({ type: 'audio', url: links.audio, ext, mimeType, quality: 'sound (MP3)' });
  }
  const kind = kindFromLink(link);
  return {
    kind: kind === 'photo' ? 'video' : kind,
    id: itemIdFrom(link, links.video, links.audio, links.thumbnail),
    url: serviceTargetUrl(link),
    items,
  };
}
