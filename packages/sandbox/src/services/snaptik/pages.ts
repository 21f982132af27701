/**
 * What SnapTik says and shows: the failure messages (success:false / #alert text), the
 * legacy home page with its token form, and the legacy download HTML (services.md §1b).
 */
import type { ErrorCode } from '@tiksaver/core';
import type { Scenario } from '../../types.js';

/** SnapTik's answers carry no reason beyond these texts (scenarios.ts: "can only say NOT_FOUND"). */
export const SNAPTIK_FAILURE_TEXT: Partial<Record<ErrorCode, string>> = {
  // SnapTik's one text for deleted, private, region-blocked and age-gated posts alike (issue 13).
  NOT_FOUND: 'Video not found or private.',
  UNSUPPORTED_KIND: 'This content is not supported. Only videos and photo slideshows can be downloaded.',
  PRIVATE: 'This video is private.',
  RATE_LIMITED: 'Too many requests, please try again later.',
};

export const SNAPTIK_INVALID_URL = 'Invalid URL. Please paste a TikTok video link.';
export const SNAPTIK_VERIFY_FAILED = 'Verification failed. Please refresh the page.';

export function failureText(code: ErrorCode): string {
  return SNAPTIK_FAILURE_TEXT[code] ?? SNAPTIK_FAILURE_TEXT.NOT_FOUND!;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function legacyHomePage(token: string, lang: string): string {
  return `<!DOCTYPE html>
<html lang="${lang.replace(/\d+$/, '')}"><head><meta charset="utf-8"><title>SnapTik - TikTok Video Downloader without watermark</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><section class="hero">
<h1>Download TikTok videos without watermark</h1>
<form id="inputData" class="form" action="/abc2.php" method="post" autocomplete="off">
<input type="text" id="url" name="url" class="link-input" placeholder="Paste TikTok link here" required>
<input name="token" value="${token}" type="hidden">
<input name="lang" value="${lang}" type="hidden">
<button type="submit" class="button button-go">Download</button>
</form>
<div id="alert"></div><div id="download"></div>
</section></main>
<script src="/static/js/main.min.js?v=26.1" defer></script></body></html>`;
}

export interface LegacyLinks {
  thumbnail: string;
  video?: string;
  hd?: string;
  images: string[];
}

/** The fragment the packed script writes into `#download`. */
export function legacyDownloadHtml(scenario: Scenario, links: LegacyLinks): string {
  const head =
    `<div class="video-links"><div class="snaptik-left"><img id="thumbnail" src="${links.thumbnail}" alt="thumbnail"></div>` +
    `<div class="snaptik-middle center"><div class="info"><span>@${escapeHtml(scenario.username)}</span></div>` +
    `<div class="video-title">${escapeHtml(scenario.caption)}</div></div>`;
  if (links.images.length > 0) {
    const photos = links.images
      .map(
        (src, i) =>
          `<div class="column"><div class="photo"><img src="${src}" alt="Photo ${i + 1}">` +
          `<div class="dl-footer"><a href="${src}" class="button download-file" rel="nofollow">Download Photo</a></div></div></div>`,
      )
      .join('');
    return `${head}</div><div class="columns is-multiline photo-list">${photos}</div>`;
  }
  const buttons = [
    links.video && `<a href="${links.video}" class="button download-file" rel="nofollow" data-ad="true">Download</a>`,
    links.hd && `<a href="${links.hd}" class="button download-file" rel="nofollow">Download HD</a>`,
  ]
    .filter(Boolean)
    .join('');
  return `${head}<div class="snaptik-right">${buttons}</div></div>`;
}

/** The decoded script: innerHTML assignment (or the #alert variant) plus the page's clean-up. */
export function legacyScriptSource(result: { html: string } | { alert: string }, jsString: (s: string) => string): string {
  if ('alert' in result) {
    return `document.querySelector("#alert").innerHTML = "${jsString(result.alert)}"; setTimeout(function(){document.querySelector("#alert").innerHTML=""},4000);`;
  }
  return `$("#download").innerHTML = "${jsString(result.html)}"; document.getElementById("inputData").remove(); gtag("event","click_download_btn",{});`;
}
