/**
 * TikDown markup (services.md §4b): the `/id` page whose `#download-form` carries the
 * Laravel `_token` as its second child, and the `/getAjax` HTML fragment with
 * `div.download-links > div:nth-child(1) > a` (video) and `div:nth-child(2) > a` (MP3),
 * anchors marked `name="download"` as the PHP client expects.
 */
import type { Scenario } from '../../types.js';
import { encodeToken, type PastedLink } from '../pasted-link.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function homePage(token: string): string {
  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${token}">
<title>TikDown - Download Video TikTok Tanpa Watermark</title>
</head>
<body>
<header class="navbar"><a class="brand" href="/id">TikDown</a></header>
<main class="container">
  <h1>Download Video TikTok Tanpa Watermark</h1>
  <form id="download-form" method="POST" action="/getAjax" class="download-form">
    <input type="url" name="url" id="url" class="form-control" placeholder="Tempel link TikTok di sini" required>
    <input type="hidden" name="_token" value="${token}">
    <button type="submit" class="btn btn-primary">Download</button>
  </form>
  <div id="result"></div>
</main>
<script src="/js/app.js?id=4f1c2b"></script>
</body>
</html>`;
}

/** What a TikDown media token names. */
export interface TikdownMediaToken {
  s: string;
  t: 'video' | 'audio' | 'thumb';
}

export function mediaUrl(token: TikdownMediaToken): string {
  const ext = token.t === 'video' ? 'mp4' : token.t === 'audio' ? 'mp3' : 'jpg';
  return `https://tikdown.org/download/${encodeToken(token)}.${ext}`;
}

function resultHtml(s: Scenario, video: boolean, audio: boolean): string {
  const unavailable = (what: string) => `<span class="btn btn-disabled">${what} tidak tersedia</span>`;
  const videoCell = video
    ? `<a href="${mediaUrl({ s: s.id, t: 'video' })}" name="download" class="btn btn-download" rel="nofollow">Download Video (Tanpa Watermark)</a>`
    : unavailable('Video');
  const audioCell = audio
    ? `<a href="${mediaUrl({ s: s.id, t: 'audio' })}" name="download" class="btn btn-download" rel="nofollow">Download MP3</a>`
    : unavailable('MP3');
  return `<div class="download-result">
  <div class="video-thumb"><img src="${mediaUrl({ s: s.id, t: 'thumb' })}" alt="thumbnail" class="img-fluid"></div>
  <div class="video-info"><h2 class="video-title">${escape(s.caption)}</h2><p class="video-author">@${escape(s.username)}</p></div>
  <div class="download-links">
    <div class="download-item">${videoCell}</div>
    <div class="download-item">${audioCell}</div>
  </div>
</div>`;
}

export type AjaxAnswer = { status: false } | { status: true; html: string };

/** `{ status, html }` for a pasted link, following `expect.tikdown`. */
export function ajaxAnswer(pasted: PastedLink): AjaxAnswer {
  if (pasted.kind !== 'scenario') return { status: false };
  const s = pasted.scenario;
  const expect = s.expect.tikdown;
  if (expect.ok) return { status: true, html: resultHtml(s, expect.media.includes('video'), expect.media.includes('audio')) };
  // Gone, private or refused items: the real site says `status: false` and nothing else.
  if (expect.code !== 'UNSUPPORTED_KIND') return { status: false };
  // Photo items: the lookup works but TikDown has no video or sound to offer.
  return { status: true, html: resultHtml(s, false, false) };
}
