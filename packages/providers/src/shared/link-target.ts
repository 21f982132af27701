/**
 * Helpers the third-party adapters share for deciding whether a link is theirs to try
 * and which URL to hand the service.
 */
import { TiksaverError, type ParsedLink, type ProviderCapabilities, type ResolutionKind } from '@tiksaver/core';

/**
 * Throws UNSUPPORTED_KIND (non-final, so the chain goes on) when the provider declared
 * that it cannot take this kind of link. Declared limits are answered without a request.
 */
export function assertLinkSupported(providerId: string, label: string, capabilities: ProviderCapabilities, link: ParsedLink): void {
  const kind = link.kind;
  const resolvable = kind === 'story' || kind === 'video' || kind === 'photo';
  if (capabilities.linkKinds.includes(kind) && (!resolvable || capabilities.media[kind]?.length)) return;
  const what = link.kind === 'story' ? 'stories' : link.kind === 'photo' ? 'photo posts' : `${link.kind} links`;
  throw new TiksaverError('UNSUPPORTED_KIND', `${label} does not support ${what}`, {
    provider: providerId,
    detail: { linkKind: link.kind },
  });
}

/** The URL to give a download service: the canonical form when known, else what the user pasted. */
export function serviceTargetUrl(link: ParsedLink): string {
  return link.url ?? link.input;
}

/** The resolution kind implied by the link, when the service itself does not say. */
export function kindFromLink(link: ParsedLink, fallback: ResolutionKind = 'video'): ResolutionKind {
  return link.kind === 'story' || link.kind === 'video' || link.kind === 'photo' ? link.kind : fallback;
}

/** An item id for the Resolution: the link's id, else the first long number in any of the hints. */
export function itemIdFrom(link: ParsedLink, ...hints: (string | undefined)[]): string {
  if (link.id && /^\d+$/.test(link.id)) return link.id;
  for (const hint of hints) {
    const match = hint?.match(/\d{15,21}/);
    if (match) return match[0];
  }
  return link.id ?? serviceTargetUrl(link);
}

/** Resolves a possibly host-relative or protocol-relative URL against the service's base. */
export function absoluteUrl(value: string | undefined | null, base: string): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value, base.endsWith('/') ? base : `${base}/`).href;
  } catch {
    return undefined;
  }
}

/** Strips a trailing slash so paths can be appended. */
export function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
