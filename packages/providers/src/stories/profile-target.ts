/**
 * What `--stories` and the web's story button accept: a profile link (username or secUid in
 * the @ slot, tiktok-web.md §0 "Links that are easy to get wrong"), `@name` or a bare name.
 * Anything else is WRONG_LINK_KIND with words that say what is wanted.
 */
import { expandLink, parseLink, TiksaverError, type HttpClient } from '@tiksaver/core';
import { isSecUid, type ProfileRef } from './profile-page.js';

const BARE_NAME = /^@?[\p{L}\p{N}_.-]+$/u;

export function parseProfileTarget(text: string): ProfileRef {
  return profileOf(text.trim(), parseLink(text.trim()));
}

/** parseProfileTarget, after following a short link once (a shared profile is a vm./vt. link too). */
export async function resolveProfileTarget(text: string, http: HttpClient, signal?: AbortSignal): Promise<ProfileRef> {
  const input = text.trim();
  const link = parseLink(input);
  if (link.kind !== 'short' || BARE_NAME.test(input)) return profileOf(input, link);
  return profileOf(input, await expandLink(link, http, { ...(signal && { signal }) }));
}

function profileOf(input: string, link: ReturnType<typeof parseLink>): ProfileRef {
  if (BARE_NAME.test(input) && !/^\.+$/.test(input.replace(/^@/, ''))) {
    const slot = input.replace(/^@/, '');
    return isSecUid(slot) ? { secUid: slot } : { username: slot };
  }
  if (link.kind === 'profile' && link.username) return isSecUid(link.username) ? { secUid: link.username } : { username: link.username };
  const what = link.kind === 'invalid' ? 'this text' : `a ${link.kind} link`;
  throw new TiksaverError('WRONG_LINK_KIND', `Stories are listed from a creator's profile link or @name, not from ${what}`, {
    detail: { what },
    hint: "Give the creator's profile, e.g. https://www.tiktok.com/@creator (or @creator). For one story or post, paste its own link instead.",
  });
}
