/**
 * Which providers a resolution tries, in which order, and which are skipped up front
 * (disabled, or their capabilities exclude this link kind or wanted media), with reasons.
 */
import { TiksaverError } from '../errors.js';
import type { Provider } from '../provider.js';
import type { Attempt, AttemptReason, MediaType, ParsedLink, Want } from '../schemas.js';
import { MEDIA_OF_KIND } from './attempt.js';
import { MEDIA_WORDS } from './describe-reason.js';

export interface ProviderSelection {
  /** Selected providers in the order to try; every one appears in the report's attempts. */
  ordered: Provider[];
  runnable: Provider[];
  /** Skipped before the chain starts, with their Attempt records. */
  skipped: Map<Provider, Attempt>;
  /** A selection that cannot work at all (unknown provider id). */
  error?: TiksaverError;
  /** Set when nothing is runnable: why. */
  noneRunnable?: TiksaverError;
}

export function selectProviders(
  registry: readonly Provider[],
  link: ParsedLink,
  want: Want,
  { providers: ids, exclude = [] }: { providers?: string[]; exclude?: string[] },
): ProviderSelection {
  const byId = new Map(registry.map((provider) => [provider.id, provider]));
  const unknown = [...(ids ?? []), ...exclude].filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    return {
      ordered: [],
      runnable: [],
      skipped: new Map(),
      error: new TiksaverError(
        'MISCONFIGURED',
        `Unknown provider ${unknown.map((id) => `"${id}"`).join(', ')}. Known providers: ${[...byId.keys()].join(', ')}.`,
        { hint: 'Check the provider names (tiksaver providers lists them).' },
      ),
    };
  }
  const chosen = ids ? [...new Set(ids)].map((id) => byId.get(id)!) : [...registry];
  const ordered = chosen.filter((provider) => !exclude.includes(provider.id));
  const skipped = new Map<Provider, Attempt>();
  for (const provider of ordered) {
    const reason = skipReason(provider, link, want);
    if (reason) skipped.set(provider, { provider: provider.id, outcome: 'skipped', reason });
  }
  const runnable = ordered.filter((provider) => !skipped.has(provider));
  const selection: ProviderSelection = { ordered, runnable, skipped };
  if (runnable.length === 0) selection.noneRunnable = nothingToRun(ordered, link, want, registry);
  return selection;
}

function skipReason(provider: Provider, link: ParsedLink, want: Want): AttemptReason | undefined {
  if (provider.enabled === false) return { why: 'disabled', ...(provider.disabledReason !== undefined && { reason: provider.disabledReason }) };
  if (!provider.capabilities.linkKinds.includes(link.kind)) return { why: 'link-kind', kind: link.kind };
  if (want !== 'auto' && !canDeliver(provider, link, want)) return { why: 'media', want };
  return undefined;
}

/**
 * Story and photo links say what they hold; a /video/ link may still turn out to be a
 * photo post or a story, so any kind the provider serves counts. Audio can always be
 * taken from a video's soundtrack (see selectItems).
 */
function canDeliver(provider: Provider, link: ParsedLink, want: Exclude<Want, 'auto'>): boolean {
  const media = provider.capabilities.media;
  const known = link.kind === 'story' || link.kind === 'photo' ? media[link.kind] : undefined;
  const types = new Set<MediaType>(known ?? Object.values(media).flat());
  return types.has(want) || (want === 'audio' && types.has('video'));
}

function nothingToRun(ordered: Provider[], link: ParsedLink, want: Want, registry: readonly Provider[]): TiksaverError {
  if (ordered.length === 0) {
    return new TiksaverError('MISCONFIGURED', 'No providers are left to try: the selection and exclusions removed all of them.');
  }
  if (ordered.every((provider) => provider.enabled === false)) {
    return new TiksaverError('MISCONFIGURED', `No provider is enabled (${ordered.map((p) => p.id).join(', ')}).`);
  }
  const wantedWord = want === 'auto' ? '' : MEDIA_WORDS[want];
  // A photo post has no video and no story link is a video-only thing: no provider can help.
  if (want !== 'auto' && (link.kind === 'photo' || link.kind === 'story') && !MEDIA_OF_KIND[link.kind].includes(want)) {
    const others = MEDIA_OF_KIND[link.kind].map((type) => MEDIA_WORDS[type]).join(' or ');
    return new TiksaverError('NO_MEDIA', `A ${link.kind === 'photo' ? 'photo post' : link.kind} has no ${wantedWord}.`, {
      hint: `Ask for ${others} instead, or for the automatic choice.`,
    });
  }
  // Named by capability alone: providers left out by --provider/--exclude are disabled in
  // the registry, and those are exactly the ones worth naming.
  const takers = registry.filter((provider) => !skipReason({ ...provider, enabled: true }, link, want)).map((p) => p.id);
  const wanted = want === 'auto' ? '' : ` with ${wantedWord}`;
  return new TiksaverError('UNSUPPORTED_KIND', `None of the selected providers can handle a ${link.kind} link${wanted}.`, {
    hint:
      takers.length > 0
        ? `${takers.join(', ')} can: add ${takers.length === 1 ? 'it' : 'one of them'} to the providers to try.`
        : 'Try other providers, or ask for another output (video, images or audio).',
  });
}
