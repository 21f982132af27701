/**
 * Where the links come from: positional arguments and -a FILE ("-" = stdin), one link or
 * share text per line; blank lines and lines starting with # (or ; like yt-dlp) are skipped.
 */
import { readFile } from 'node:fs/promises';
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
