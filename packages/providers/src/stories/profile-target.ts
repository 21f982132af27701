/**
 * What `--stories` and the web's story button accept: a profile link (username or secUid in
 * the @ slot, tiktok-web.md §0 "Links that are easy to get wrong"), `@name` or a bare name.
 * Anything else is WRONG_LINK_KIND with words that say what is wanted.
 */
import { parseLink, TiksaverError } from '@tiksaver/core';
import { isSecUid, type ProfileRef } from './profile-page.js';

const BARE_NAME = /^@?[\p{L}\p{N}_.-]+$/u;

export function parseProfileTarget(text: string): ProfileRef {
  const input = text.trim();
  if (BARE_NAME.test(input) && !/^\.+$/.test(input.replace(/^@/, ''))) {
    const slot = input.replace(/^@/, '');
    return isSecUid(slot) ? { secUid: slot } : { username: slot };
  }
  const link = parseLink(input);
  if (link.kind === 'profile' && link.username) return isSecUid(link.username) ? { secUid: link.username } : { username: link.username };
  const what = link.kind === 'invalid' ? 'this text' : `a ${link.kind} link`;
  throw new TiksaverError('WRONG_LINK_KIND', `Stories are listed from a creator's profile link or @name, not from ${what}`, {
    detail: { what },
    hint: "Give the creator's profile, e.g. https://www.tiktok.com/@creator (or @creator). For one story or post, paste its own link instead.",
  });
}
