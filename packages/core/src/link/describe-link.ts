/**
 * Plain-words guidance for a parsed link: what the user pasted and what to do instead.
 * Used by the engine (wrong kinds end at once), the CLI's doctor and the web link doctor.
 * Wording follows the seed's advice: a profile or tag link is not a story; open the story
 * itself, tap Share, then Copy link.
 */
import { TiksaverError, type ErrorCode } from '../errors.js';
import type { LinkKind, ParsedLink } from '../schemas.js';
import { safeDecode } from './classify-url.js';
import { inspectLink, type LinkInspection } from './parse-link.js';

export interface LinkDescription {
  kind: LinkKind;
  /** true for story, video, photo and short links: the engine can try to resolve them. */
  resolvable: boolean;
  /** The error code a wrong or invalid link ends with; absent when resolvable. */
  code?: ErrorCode;
  /** One sentence: what this link is. */
  summary: string;
  /** One or two sentences: what to do next. */
  hint: string;
}

const COPY_LINK = 'In TikTok, open the story or post itself, tap Share, then Copy link, and paste that link here.';

export function describeLink(link: ParsedLink): LinkDescription {
  const seen = reinspect(link);
  const by = link.username ? ` by @${link.username}` : '';
  const whose = link.username ? `@${link.username}'s` : "an account's";
  const id = link.id ? ` (id ${link.id})` : '';
  switch (link.kind) {
    case 'story':
      return ok(link, `A TikTok story${by}${id}.`, 'Stories disappear after about 24 hours, so save it soon.');
    case 'video':
      if (link.comment) {
        return ok(
          link,
          `A link to a comment under ${link.username ? `@${link.username}'s post` : 'a post'}${id}.`,
          'tiksaver saves the post the comment belongs to; the comment text itself is not saved.',
        );
      }
      return ok(
        link,
        `A TikTok post${by}${id}.`,
        'It may turn out to be a video, a photo post or a story; tiksaver finds out when it opens it.',
      );
    case 'photo':
      return ok(link, `A TikTok photo post${by}${id}.`, 'Its photos are saved as images; ask for audio to get its sound.');
    case 'short':
      return ok(
        link,
        `A TikTok short link (${link.id ?? 'code'}).`,
        'tiksaver follows it to the story or post it opens. If it leads to TikTok\'s home page, the story has expired or was deleted.',
      );
    case 'profile':
      return wrong(link, profileSummary(link, seen), profileHint(link, seen));
    case 'live':
      return wrong(
        link,
        link.username
          ? `You pasted a link to ${whose} LIVE broadcast. tiksaver saves stories and posts, not live streams.`
          : 'You pasted a link to a TikTok LIVE broadcast. tiksaver saves stories and posts, not live streams.',
        'If the creator posted a replay or a clip afterwards, open that post, tap Share, then Copy link.',
      );
    case 'music':
      return wrong(
        link,
        `You pasted a link to a sound page${id}, which lists the many posts that use this sound.`,
        'To save the sound, open one post that uses it, tap Share, then Copy link, and ask for audio only.',
      );
    case 'tag':
      return wrong(link, `You pasted a link to the hashtag page ${tagName(link)}, which lists many posts.`, openFrom('that hashtag page'));
    case 'search':
      return wrong(link, searchSummary(link, seen), openFrom(seen?.note === 'discover' ? 'that topic page' : 'the results'));
    case 'not-tiktok':
      return notTikTok(link, seen);
    case 'invalid':
      return invalid(link, seen);
  }
}

/** The TiksaverError a wrong or invalid link ends with, or undefined for resolvable kinds. */
export function linkError(link: ParsedLink): TiksaverError | undefined {
  const description = describeLink(link);
  if (description.resolvable || !description.code) return undefined;
  return new TiksaverError(description.code, description.summary, {
    hint: description.hint,
    detail: { kind: link.kind, ...(link.url && { url: link.url }) },
  });
}

function reinspect(link: ParsedLink): LinkInspection | undefined {
  // Re-derive the page detail from the canonical URL (kept for wrong kinds) or the input,
  // so descriptions also work on a ParsedLink that went through JSON.
  if (link.kind === 'story' || link.kind === 'video' || link.kind === 'photo' || link.kind === 'short') return undefined;
  return inspectLink(link.url ?? link.input);
}

function ok(link: ParsedLink, summary: string, hint: string): LinkDescription {
  return { kind: link.kind, resolvable: true, summary, hint };
}

function wrong(link: ParsedLink, summary: string, hint: string, code: ErrorCode = 'WRONG_LINK_KIND'): LinkDescription {
  return { kind: link.kind, resolvable: false, code, summary, hint };
}

function profileSummary(link: ParsedLink, seen: LinkInspection | undefined): string {
  const whose = link.username ? `@${link.username}'s` : link.secUid ? "an account's (named by its internal id, not its username)" : "an account's";
  switch (seen?.note) {
    case 'stories':
      return `You pasted the link to ${whose} stories page. It shows all their current stories, not one story.`;
    case 'collection':
      return `You pasted a link to a collection on ${whose} profile, a saved list of posts, not one story or post.`;
    case 'playlist':
      return `You pasted a link to a playlist on ${whose} profile, a list of posts, not one story or post.`;
    default:
      return `You pasted a link to ${whose} profile, not to one story or post.`;
  }
}

function profileHint(link: ParsedLink, seen: LinkInspection | undefined): string {
  if (seen?.note === 'collection' || seen?.note === 'playlist') return openFrom(`the ${seen.note}`);
  const whose = link.username ? `@${link.username}'s` : 'their';
  return (
    `In TikTok, tap ${whose} profile picture (a coloured ring around it means there is a story) to open the story, ` +
    'or open the post you want; then tap Share, then Copy link, and paste that link here.'
  );
}

function openFrom(where: string): string {
  return `Open the post you want from ${where}, tap Share, then Copy link, and paste that link here.`;
}

function searchSummary(link: ParsedLink, seen: LinkInspection | undefined): string {
  if (seen?.note === 'discover') return 'You pasted a link to a TikTok topic page, which lists many posts.';
  const q = link.url ? new URL(link.url).searchParams.get('q') : null;
  return q
    ? `You pasted a link to TikTok search results for "${clip(q, 60)}", not to one story or post.`
    : 'You pasted a link to TikTok search, not to one story or post.';
}

function tagName(link: ParsedLink): string {
  const name = link.url?.split('/tag/')[1];
  return name ? `#${clip(safeDecode(name), 60)}` : 'for a hashtag';
}

function notTikTok(link: ParsedLink, seen: LinkInspection | undefined): LinkDescription {
  if (seen?.note === 'douyin') {
    return wrong(
      link,
      'This is a Douyin link (douyin.com, the Chinese sister app of TikTok). tiksaver only saves from TikTok.',
      'Douyin posts need a Douyin tool. For TikTok, open the story in the TikTok app, tap Share, then Copy link.',
      'NOT_TIKTOK',
    );
  }
  const site = seen?.site ?? (link.url ? safeHost(link.url) : undefined);
  return wrong(
    link,
    site ? `This is a link to ${site}, not to TikTok.` : 'This is not a TikTok link.',
    `tiksaver only saves from TikTok. ${COPY_LINK}`,
    'NOT_TIKTOK',
  );
}

function invalid(link: ParsedLink, seen: LinkInspection | undefined): LinkDescription {
  const pasted = clip(link.input, 80);
  switch (seen?.note) {
    case 'empty':
      return wrong(link, 'Nothing was pasted.', `Paste a TikTok link. ${COPY_LINK}`, 'INVALID_INPUT');
    case 'unsafe-scheme':
      return wrong(link, 'That is a script or data link, not a web link; tiksaver will not open it.', COPY_LINK, 'INVALID_INPUT');
    case 'media-file': {
      // reference/tiktok-web.md §0: a media URL is bound to the page session that made it;
      // copied anywhere else it answers 403, so the post link is the only fix.
      const post = link.id ? ` It names post ${link.id}: try https://www.tiktok.com/@_/video/${link.id}, or` : '';
      return wrong(
        link,
        `That is a direct link to a media file on TikTok's servers (${seen.site}), not to a post. Such a media link only works in the browser session that made it, and only for a few hours.`,
        `Paste the link of the post itself.${post ? `${post} in TikTok open the post, tap Share, then Copy link.` : ` ${COPY_LINK}`}`,
        'INVALID_INPUT',
      );
    }
    case 'malformed':
      return wrong(
        link,
        `This TikTok link looks cut off or mistyped: ${pasted}`,
        'Copy it again with Share, then Copy link, and paste the whole link.',
        'INVALID_INPUT',
      );
    case 'home':
      return wrong(link, "That is TikTok's home page, not a story or post.", COPY_LINK);
    case 'effect':
      return wrong(link, 'That is a TikTok effect page, which lists the posts made with an effect.', openFrom('that page'));
    case 'tiktok-page':
      return wrong(link, `That is TikTok's "${clip(seen.site ?? 'unknown', 40)}" page, not a story or post.`, COPY_LINK);
    default:
      return wrong(
        link,
        link.input.length > 80 ? 'No TikTok link was found in the pasted text.' : `No TikTok link was found in "${pasted}".`,
        `Paste a TikTok link. ${COPY_LINK}`,
        'INVALID_INPUT',
      );
  }
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
