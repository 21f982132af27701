/**
 * Exit codes (issue 8). Error codes map through ERROR_CODES[code].exitCode; this module
 * only adds the codes that are not about one error (usage, batch, Ctrl-C) and the text
 * shown in --help and the README. Imports only core's dependency-free words entry, so
 * --help stays fast.
 */
import { ERROR_CODE_NAMES, ERROR_CODES } from '@tiksaver/core/words';

export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  BAD_LINK: 3,
  GONE: 4,
  NOT_PUBLIC: 5,
  ALL_FAILED: 6,
  SAVE_FAILED: 7,
  SOME_FAILED: 8,
  /** --stories: the creator has no story up right now (nothing to save, nothing failed). */
  NO_STORIES: 9,
  /** 128 + SIGINT, the shell convention for Ctrl-C. */
  INTERRUPTED: 130,
} as const;

/** What each exit code means in words; the error codes behind it come from ERROR_CODES. */
const MEANINGS: ReadonlyArray<readonly [number, string]> = [
  [EXIT.OK, 'saved (or resolved, with --dry-run/--print-urls/--compare)'],
  [EXIT.INTERNAL, 'internal error (a bug: please report it), or cancelled'],
  [EXIT.USAGE, 'usage error: bad option or value, or a provider is misconfigured'],
  [EXIT.BAD_LINK, 'not a usable link'],
  [EXIT.GONE, 'the story or post is gone'],
  [EXIT.NOT_PUBLIC, 'not public'],
  [EXIT.ALL_FAILED, 'every provider failed for other reasons'],
  [EXIT.SAVE_FAILED, 'resolved, but saving failed'],
  [EXIT.SOME_FAILED, 'several inputs (-a or more than one link) and some failed'],
  [EXIT.NO_STORIES, '--stories: the creator has no story up right now'],
  [EXIT.INTERRUPTED, 'interrupted with Ctrl-C (partial downloads are kept as .part and resume)'],
];

/** The --help lines: each exit code, its meaning and the error codes that end with it. */
export const EXIT_CODE_HELP: ReadonlyArray<readonly [number, string]> = MEANINGS.map(([exit, meaning]) => {
  const codes = ERROR_CODE_NAMES.filter((code) => ERROR_CODES[code].exitCode === exit);
  return [exit, codes.length > 0 ? `${meaning} (${codes.join(', ')})` : meaning] as const;
});

/**
 * One exit code for a run over several inputs: all ok -> 0; all failed the same way ->
 * that code, so a script can still tell "every link expired" apart; otherwise 8.
 */
export function combineExitCodes(codes: number[]): number {
  if (codes.length === 0) return EXIT.OK;
  if (codes.includes(EXIT.INTERRUPTED)) return EXIT.INTERRUPTED;
  if (codes.length === 1) return codes[0]!;
  if (codes.every((c) => c === EXIT.OK)) return EXIT.OK;
  const first = codes[0]!;
  if (codes.every((c) => c === first)) return first;
  return EXIT.SOME_FAILED;
}
