/**
 * VidGap's HTML: a Next.js App Router page listing its JS chunks, and the Cloudflare
 * interstitial shown to clients that skip the warm-up request.
 */
import type { Deployment } from './deploy.js';

export function homePage(deploy: Deployment): string {
  const scripts = deploy.scripts.map((name) => `<script src="/_next/static/chunks/${name}" async=""></script>`).join('');
  const flight = JSON.stringify(`1:"$Sreact.fragment"\n2:I[${deploy.buildId.length},[],"default"]\n`);
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>' +
    `<link rel="stylesheet" href="/_next/static/css/${deploy.buildId}.css" data-precedence="next"/>` +
    `<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/${deploy.scripts.at(-1)}"/>` +
    scripts +
    '<title>VidGap - TikTok, Douyin &amp; Lemon8 Downloader | No Watermark</title>' +
    '<meta name="description" content="Download TikTok videos, stories, slideshows and MP3 without watermark."/></head>' +
    '<body class="__className_d65c78"><main><h1>TikTok Downloader</h1><div role="tablist">' +
    ['Video', 'Audio', 'Slideshow', 'Story', 'Thumbnail', 'Profile'].map((t) => `<button role="tab">${t}</button>`).join('') +
    '</div><form><input type="url" name="vLink" placeholder="Paste link here" autoComplete="off"/><button type="submit">Download</button></form></main>' +
    `<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,${flight}])</script>` +
    '</body></html>'
  );
}

export const CLOUDFLARE_CHALLENGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="360"></head>' +
  '<body><div class="main-wrapper" role="main"><div class="main-content"><noscript>Enable JavaScript and cookies to continue</noscript></div></div>' +
  '<script>(function(){window._cf_chl_opt={cvId: "3",cZone: "vidgap.com",cType: "managed"};})();</script></body></html>';
