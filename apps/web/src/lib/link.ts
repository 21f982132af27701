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
/** `others`: the other story/post links of the same share text (the first item link is the one used). */
export type LinkCheck = LinkDescription & { url?: string; others?: string[] };

let doctor: Promise<typeof import('@tiksaver/core/link')> | undefined;

export function preloadLinkDoctor(): void {
  doctor ??= import('@tiksaver/core/link');
}

export async function checkLink(input: string): Promise<LinkCheck> {
  preloadLinkDoctor();
  const { describeLink, parseLink } = await doctor!;
  const link = parseLink(input);
  return { ...describeLink(link), ...(link.url !== undefined && { url: link.url }), ...(link.others?.length && { others: link.others }) };
}
