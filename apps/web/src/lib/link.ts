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
  /** The text held a link to nothing savable (a profile) and a post link: the post is used. */
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
  if (!described.resolvable) {
    // "Follow @x https://.../@x and watch https://.../@x/video/1": the post is what to save.
    for (const candidate of input.match(/https?:\/\/\S+/g) ?? []) {
      const other = parseLink(candidate);
      const about = describeLink(other);
      if (about.resolvable && other.url) {
        const what = other.kind === 'story' ? 'story' : other.kind === 'photo' ? 'photo post' : 'post';
        return {
          ...about,
          url: other.url,
          picked: true,
          summary: `Your text has more than one link; tiksaver saves the ${what}.`,
          hint: `The other link (${described.summary.replace(/^You pasted a link to /, '').replace(/\.$/, '')}) has nothing single to save.`,
        };
      }
    }
  }
  return { ...described, ...(link.url !== undefined && { url: link.url }), ...('comment' in link && link.comment !== undefined && { comment: true }) };
}
