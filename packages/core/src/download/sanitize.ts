/**
 * File name sanitising that is safe on Linux, macOS and Windows: NFC, no control
 * characters or / \ : * ? " < > |, no reserved device names (CON, NUL, COM1...), no trailing
 * dots or spaces, at most 255 bytes of UTF-8 with the extension kept. `restrict` is
 * yt-dlp's --restrict-filenames: ASCII letters, digits, "-", "_" and "." only.
 */
export interface SanitizeOptions {
  restrict?: boolean;
  /** Byte limit for the whole name (UTF-8). Default 255, the common file-system limit. */
  maxBytes?: number;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

export function sanitizeFilename(name: string, options: SanitizeOptions = {}): string {
  const maxBytes = options.maxBytes ?? 255;
  let out = String(name).normalize('NFC').replace(INVISIBLE, '').replace(/[\t\n\r\v\f]/g, ' ').replace(FORBIDDEN, '_');
  if (options.restrict) out = toAscii(out);
  out = out.replace(/\s+/g, ' ').trim();
  // Leading dots hide files (and ".." means the parent); trailing dots and spaces are
  // silently dropped by Windows, so a name would not round-trip.
  out = out.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (!out) out = '_';
  const { stem, ext } = splitExt(out);
  const base = stem.split('.')[0] ?? stem;
  const safeStem = RESERVED.test(base.trim()) ? `_${stem}` : stem;
  return fitBytes(safeStem, ext, maxBytes);
}

/** ASCII-only form: accents dropped (é -> e), everything else outside [A-Za-z0-9._-] -> "_". */
const TRANSLIT: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ð: 'd' };

function toAscii(value: string): string {
  return value
    .replace(/[ßæÆøØœŒđĐłŁþÞð]/g, (ch) => TRANSLIT[ch] ?? '_')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+(?=.)|(?<=.)_+$/g, '');
}

/** Splits a short trailing extension (".mp4", ".jpeg") off so truncation keeps it. */
export function splitExt(name: string): { stem: string; ext: string } {
  const match = /^(.+?)(\.[A-Za-z0-9]{1,8})$/.exec(name);
  return match ? { stem: match[1]!, ext: match[2]! } : { stem: name, ext: '' };
}

function fitBytes(stem: string, ext: string, maxBytes: number): string {
  const budget = maxBytes - Buffer.byteLength(ext);
  if (Buffer.byteLength(stem) <= budget) return stem + ext;
  // Cut by code points (never half a surrogate pair or a partial UTF-8 sequence).
  let out = '';
  let used = 0;
  for (const ch of stem) {
    const size = Buffer.byteLength(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  out = out.replace(/[.\s]+$/, '') || '_';
  return out + ext;
}
