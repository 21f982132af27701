/**
 * Where the links come from: positional arguments and -a FILE ("-" = stdin), one link or
 * share text per line; blank lines and lines starting with # (or ; like yt-dlp) are skipped.
 */
import { readFile } from 'node:fs/promises';
import { parseLink } from '@tiksaver/core/link';
import { UsageError } from './options.js';

export interface InputLine {
  text: string;
  /** "line 4" for batch files, "argument 2" for positional inputs. */
  origin: string;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBatch(text: string): InputLine[] {
  const out: InputLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.replace(/^\uFEFF/, '').trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    out.push({ text: trimmed, origin: `line ${i + 1}` });
  });
  return out;
}

export async function collectInputs(args: string[], batchFile: string | undefined, stdin: NodeJS.ReadableStream = process.stdin): Promise<InputLine[]> {
  const inputs: InputLine[] = args.map((text, i) => ({ text, origin: `argument ${i + 1}` }));
  if (batchFile !== undefined) {
    let text: string;
    try {
      if (batchFile === '-' && (stdin as { isTTY?: boolean }).isTTY) {
        process.stderr.write('Reading links from the terminal, one per line; end with Ctrl-D.\n');
      }
      text = batchFile === '-' ? await readStdin(stdin) : await readFile(batchFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`-a ${batchFile}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
    }
    inputs.push(...parseBatch(text));
  }
  return inputs;
}

/**
 * Share text holding several story/post links becomes one input per link, as if they had
 * been given one per line (issue 13); `notes` says so for each such input. A profile next
 * to a post is not an input of its own: the post is what was meant (parseLink prefers it).
 */
export function splitSeveralLinks(lines: InputLine[]): { lines: InputLine[]; notes: string[] } {
  const out: InputLine[] = [];
  const notes: string[] = [];
  for (const line of lines) {
    const link = parseLink(line.text);
    if (!link.others?.length || !link.url) {
      out.push(line);
      continue;
    }
    const urls = [link.url, ...link.others];
    urls.forEach((url, i) => out.push({ text: url, origin: `${line.origin}, link ${i + 1} of ${urls.length}` }));
    notes.push(`${line.origin} holds ${urls.length} story or post links; each is resolved in turn, as if given one per line.`);
  }
  return { lines: out, notes };
}
