/**
 * yt-dlp's `--download-archive FILE`: one `<extractor> <id>` line per saved item (here always
 * `tiktok <id>`); an item already listed is skipped and reported as such. The file is read
 * once per run and appended to after each save, so a run that stops halfway keeps what it saved.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TiksaverError } from '@tiksaver/core';

export interface DownloadArchive {
  readonly path: string;
  has(id: string): boolean;
  add(id: string): Promise<void>;
}

const key = (id: string) => `tiktok ${id}`;

export async function openArchive(path: string): Promise<DownloadArchive> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new TiksaverError('MISCONFIGURED', `Cannot read the download archive ${path}: ${(error as Error).message}`, {
        cause: error,
        hint: 'Point --download-archive at a text file tiksaver may read and append to (it is created when missing).',
      });
    }
  }
  // yt-dlp writes "tiktok 7301…"; tolerate stray spaces and CRLF from hand edits.
  const seen = new Set(text.split(/\r?\n/).map((l) => l.trim().split(/\s+/).join(' ')).filter(Boolean));
  return {
    path,
    has: (id) => seen.has(key(id)),
    async add(id) {
      if (seen.has(key(id))) return;
      seen.add(key(id));
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${key(id)}\n`, 'utf8');
    },
  };
}
