/**
 * TikTok CDN URL shapes (tiktok-web.md §2 "Headers and cookies", §4): video URLs on two
 * CDN hosts with `expire=`/`signature=`/`tk=tt_chain_token`, photo-mode image URLs with
 * `.jpeg?`/`.webp?` variants and `x-expires=`/`x-signature=`, music `.mp3` URLs with
 * `mime_type=audio_mpeg`. The asset is packed into an opaque path token; expiry and
 * signature are HMAC-checked by the CDN imitation.
 */
import type { Signer } from '../signing.js';
import type { MediaAssetRef } from '../types.js';

export const VIDEO_HOSTS = ['v16-webapp-prime.tiktokcdn.com', 'v19-webapp-prime.tiktokcdn-us.com'] as const;
export const IMAGE_HOSTS = ['p16-sign-va.tiktokcdn.com', 'p19-sign.tiktokcdn-us.com'] as const;
export const MUSIC_HOSTS = ['sf16-ies-music-va.tiktokcdn.com', 'sf77-ies-music-va.tiktokcdn.com'] as const;
export const CDN_HOST_PATTERNS = ['*.tiktokcdn.com', '*.tiktokcdn-us.com'] as const;

/** Signed URLs live this long (real play URLs last hours). */
export const URL_LIFETIME_SEC = 6 * 3600;

export function encodeAsset(a: MediaAssetRef): string {
  const fields = [a.scenarioId, a.type, a.n ?? '', a.format ?? '', a.codec ?? '', a.watermark ? 1 : 0];
  return 'o' + Buffer.from(fields.join('~')).toString('base64url');
}

export function decodeAsset(token: string): MediaAssetRef | undefined {
  if (!token.startsWith('o')) return undefined;
  const parts = Buffer.from(token.slice(1), 'base64url').toString('utf8').split('~');
  if (parts.length !== 6) return undefined;
  const [scenarioId, type, n, format, codec, wm] = parts as [string, string, string, string, string, string];
  if (!['video', 'image', 'audio', 'synthetic'].includes(type)) return undefined;
  return {
    scenarioId,
    type: type as MediaAssetRef['type'],
    ...(n !== '' ? { n: Number(n) } : {}),
    ...(format ? { format: format as 'jpeg' | 'webp' } : {}),
    ...(codec ? { codec: codec as 'h264' | 'h265' | 'bytevc2' } : {}),
    ...(wm === '1' ? { watermark: true } : {}),
  };
}

export function needsSession(a: MediaAssetRef): boolean {
  return a.session ?? a.type === 'video';
}

const hex = (n: number) => Math.floor(n).toString(16);

/**
 * One URL per CDN host for the asset (the page lists several; any single host may fail).
 * `sessionId` binds the URL to the page response that listed it (tiktok-web.md §0: a
 * playAddr 403s for any client that did not fetch that page): the CDN then wants the
 * same tt_chain_token cookie that response set, for every media type.
 */
export function cdnUrls(a: MediaAssetRef, signer: Signer, nowMs: number, sessionId?: string): string[] {
  const token = encodeAsset(a);
  const exp = Math.floor(nowMs / 1000) + URL_LIFETIME_SEC;
  const sig = signer.sign(`${token}:${exp}${sessionId ? `:${sessionId}` : ''}`);
  const session = sessionId ? `&tk=tt_chain_token&sid=${sessionId}` : needsSession(a) ? '&tk=tt_chain_token' : '';
  switch (a.type) {
    case 'video':
    case 'synthetic': {
      const mime = 'mime_type=video_mp4';
      return VIDEO_HOSTS.map(
        (host) =>
          `https://${host}/${sig}/${hex(exp)}/video/tos/useast2a/tos-useast2a-ve-0068c001/${token}/` +
          `?a=1988&bti=NEBzNTY6QGo6OjZALnAjNDQuYCMxNDNg&ch=0&cr=3&dr=0&lr=all&cd=0%7C0%7C0%7C&cv=1&br=1588&bt=794` +
          `&cs=0&ds=3&ft=-Csk_mXWPD12NmjsAL-UxI6bOY6e3wv25xcAp&${mime}&qs=0&rc=aGk3ZDY4OGlnOzhoZTQ5ZkBpMzc7ZXY5cm1xdjMzZzczNEAuNTItLy9fNmAxMjQzMTFhYSNsbi5uMmRrZGhgLS1kMTZzcw%3D%3D` +
          `&btag=e000b8000&expire=${exp}&l=20241125024512A9B7C3D1E2F3A4B5C6${session}&signature=${sig}`,
      );
    }
    case 'image': {
      const ext = a.format === 'webp' ? 'webp' : 'jpeg';
      return IMAGE_HOSTS.map(
        (host) =>
          `https://${host}/tos-maliva-i-photomode-us/${token}~tplv-photomode-image.${ext}` +
          `?dr=9616&from=photomode.AWEME_DETAIL&ftpl=1&idc=useast5&nonce=${exp % 100000}&ps=13740610` +
          `&s=AWEME_DETAIL&sc=image&shcp=81f88b70&shp=d05b14bd&t=4d5b0474&x-expires=${exp}${session}&x-signature=${sig}`,
      );
    }
    case 'audio':
      return MUSIC_HOSTS.map(
        (host) => `https://${host}/obj/ies-music-ttp-dup-us/${token}.mp3?x-expires=${exp}${session}&x-signature=${sig}&mime_type=audio_mpeg`,
      );
  }
}

/**
 * A synthetic file of `bytes` on the CDN (benchmarks): deterministic content (syntheticBytes),
 * open unless `session` asks for the tt_chain_token cookie + TikTok Referer.
 */
export function syntheticUrl(bytes: number, options: { ext?: 'bin' | 'mp4'; session?: boolean; host?: string } = {}): string {
  const host = options.host ?? VIDEO_HOSTS[0];
  return `https://${host}/synthetic/${Math.floor(bytes)}.${options.ext ?? 'bin'}${options.session ? '?tk=tt_chain_token' : ''}`;
}

export type UrlCheck = { ok: true; asset: MediaAssetRef; session: boolean; sessionId?: string } | { ok: false; status: 403 | 404; reason: string };

/** Validates a CDN URL: known asset token, signature over token+expiry, not expired. */
export function checkCdnUrl(url: URL, signer: Signer, nowMs: number): UrlCheck {
  const m = /\/(o[A-Za-z0-9_-]{6,})(?:[~/.]|$)/.exec(url.pathname);
  const asset = m ? decodeAsset(m[1]!) : undefined;
  if (!m || !asset) return { ok: false, status: 404, reason: 'unknown object' };
  const q = url.searchParams;
  const exp = Number(q.get('expire') ?? q.get('x-expires'));
  const sig = q.get('signature') ?? q.get('x-signature');
  const sid = q.get('sid') ?? undefined;
  if (!Number.isFinite(exp) || !sig || sig !== signer.sign(`${m[1]}:${exp}${sid ? `:${sid}` : ''}`)) return { ok: false, status: 403, reason: 'bad signature' };
  if (exp * 1000 < nowMs) return { ok: false, status: 403, reason: 'expired' };
  return { ok: true, asset, session: q.get('tk') === 'tt_chain_token', ...(sid && { sessionId: sid }) };
}
