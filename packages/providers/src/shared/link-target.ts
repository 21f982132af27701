/**
 * Helpers the third-party adapters share for deciding whether a link is theirs to try
 * and which URL to hand the service.
 */
import { TiksaverError, type ParsedLink, type ProviderCapabilities, type Resolution, type ResolutionKind, type StatusSource } from '@tiksaver/core';

const ITEM_KINDS = new Set<ParsedLink['kind']>(['story', 'video', 'photo', 'short']);

function unsupported(source: StatusSource, kind: string): TiksaverError {
  const what = kind === 'story' ? 'stories' : kind === 'photo' ? 'photo posts' : `${kind} links`;
  return new TiksaverError('UNSUPPORTED_KIND', `${source.label} does not support ${what}`, { provider: source.id, detail: { linkKind: kind } });
}

/** Whether the provider declared this link kind (and media for it). */
export function declaresLink(capabilities: ProviderCapabilities, link: ParsedLink): boolean {
  const kind = link.kind;
  if (!capabilities.linkKinds.includes(kind)) return false;
  return kind === 'story' || kind === 'video' || kind === 'photo' ? Boolean(capabilities.media[kind]?.length) : true;
}

/**
 * Links that name no single item (profiles, music, live...) are never sent to a download
 * service: UNSUPPORTED_KIND (non-final, so the chain goes on) without a request.
 */
export function assertItemLink(source: StatusSource, capabilities: ProviderCapabilities, link: ParsedLink): void {
  if (!ITEM_KINDS.has(link.kind) && !capabilities.linkKinds.includes(link.kind)) throw unsupported(source, link.kind);
}

/**
 * Item links of a kind the provider did not declare (e.g. a story for tikwm) are still
 * looked up, so a gone, private or region-blocked item is reported as such (the scenario
 * catalogue checks those before kind support); whatever the service does find is never
 * returned: UNSUPPORTED_KIND. The engine skips undeclared kinds anyway, so in a chain this
 * costs no request; it keeps direct calls honest.
 */
export function refuseUndeclared(source: StatusSource, capabilities: ProviderCapabilities, link: ParsedLink, resolution: Resolution): Resolution {
  if (!declaresLink(capabilities, link)) throw unsupported(source, link.kind);
  const declared = capabilities.media[resolution.kind] ?? [];
  if (!resolution.items.some((item) => declared.includes(item.type))) throw unsupported(source, resolution.kind);
  return { ...resolution, items: resolution.items.filter((item) => declared.includes(item.type)) };
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
