/**
 * Short links on vm.tiktok.com, vt.tiktok.com and www.tiktok.com/t/ (tiktok-web.md §1):
 * a 301/302 whose Location is the item URL with share params `?_t=...&_r=1` and whose body
 * is `<a href="...">Moved Permanently</a>.` (cobalt reads the body); a dead or unknown code
 * redirects to the home page `https://www.tiktok.com/?_r=1` (gallery-dl: Location of 28
 * chars or fewer = not found); a Discordbot UA gets no Location (fxTikTok PR #53).
 * TikTok Lite and comment shares (scenarios.ts SHORT_LINK_VARIANTS) land on
 * `https://t.tiktok.com/i18n/share/video/ID/?…` instead (tiktok-web.md §0).
 */
import { createHash } from 'node:crypto';
import { findScenarioByShortCode, findShortLinkVariant, type ShortLinkVariant } from '../scenarios.js';
import type { SandboxRequest, Scenario } from '../types.js';

export const DEAD_LINK_LOCATION = 'https://www.tiktok.com/?_r=1';

function shareToken(code: string): string {
  return 'ZT-' + createHash('sha1').update(code).digest('base64url').replace(/[-_]/g, 'x').slice(0, 11);
}

/** Where a scenario's short link points (undefined = dead link). */
export function shortLinkTarget(s: Scenario): string | undefined {
  if (s.tiktok.deadShortLink) return undefined;
  const kind = s.tiktok.shortLinkPath ?? (s.kind === 'photo' ? 'photo' : 'video');
  return `https://www.tiktok.com/@${s.username}/${kind}/${s.itemId}`;
}

/** Where a Lite or comment share lands: the i18n share page with its share parameters. */
export function variantLocation(v: ShortLinkVariant, s: Scenario, code: string): string {
  const base = `https://t.tiktok.com/i18n/share/video/${s.itemId}/`;
  const params = new URLSearchParams({ _d: `secCgYIASAHKAESPgo8${shareToken(code).slice(3)}`, _r: '1', share_app_id: '1340', source: 'h5_t', u_code: 'e2d6kd5fj0c9f9' });
  if (v.lands === 'comment' && v.commentId) {
    params.set('share_comment_id', v.commentId);
    params.set('share_item_id', s.itemId);
    params.set('sharer_language', 'en');
  }
  return `${base}?${params}`;
}

export function handleShortLink({ req, res }: SandboxRequest, code: string): void {
  const s = code ? findScenarioByShortCode(code) : undefined;
  const variant = code ? findShortLinkVariant(code) : undefined;
  const target = s && shortLinkTarget(s);
  const location = variant && s ? variantLocation(variant, s, code) : target ? `${target}?_t=${shareToken(code)}&_r=1` : DEAD_LINK_LOCATION;
  const status = s?.tiktok.shortLinkStatus ?? 301;
  if (/discordbot/i.test(req.headers['user-agent'] ?? '')) {
    const html = '<!DOCTYPE html><html><head><meta property="og:site_name" content="TikTok"><title>TikTok</title></head><body></body></html>';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) }).end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  const body = `<a href="${location.replace(/&/g, '&amp;')}">${status === 301 ? 'Moved Permanently' : 'Found'}</a>.\n\n`;
  res.writeHead(status, { Location: location, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
