/**
 * The link doctor runs in the browser before any request, with core's own parser and
 * wording (the browser-safe @tiksaver/core/link entry: no HTTP client, no zod).
 *
 * It is loaded right after the first render rather than with it: React alone is ~69 KB of
 * the 80 KB first-load budget. A paste before it arrives just waits for it (a local,
 * cached request), so the doctor still answers before anything is sent to the server.
 */
import type { LinkDescription } from '@tiksaver/core/link';

export type { LinkDescription };
export type LinkCheck = LinkDescription & {
  url?: string;
  /** The other story/post links of the same share text (the first item link is the one used). */
  others?: string[];
  /** The text also held a link to nothing savable (a profile): the post is used, and the page says so. */
  picked?: boolean;
  /** A link to a comment: the post it is on is saved. */
  comment?: boolean;
};

let doctor: Promise<typeof import('@tiksaver/core/link')> | undefined;

export function preloadLinkDoctor(): void {
  doctor ??= import('@tiksaver/core/link');
}

export async function checkLink(input: string): Promise<LinkCheck> {
  preloadLinkDoctor();
  const { describeLink, parseLink } = await doctor!;
  const link = parseLink(input);
  const described = describeLink(link);
  const base: LinkCheck = {
    ...described,
    ...(link.url !== undefined && { url: link.url }),
    ...(link.others?.length && { others: link.others }),
    ...('comment' in link && link.comment !== undefined && { comment: true }),
  };
  if (!described.resolvable) return base;
  // Core's parser already prefers a post over a profile in the same text; say that it did.
  for (const candidate of input.match(/https?:\/\/\S+/g) ?? []) {
    const other = parseLink(candidate);
    if (other.kind !== 'profile') continue;
    const what = link.kind === 'story' ? 'story' : link.kind === 'photo' ? 'photo post' : 'post';
    const skipped = describeLink(other).summary.replace(/^You pasted a link to /, '').replace(/\.$/, '');
    return { ...base, picked: true, summary: `Your text has more than one link; tiksaver saves the ${what}.`, hint: `The other link (${skipped}) has nothing single to save.` };
  }
  return base;
}
