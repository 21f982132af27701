/** Small formatters shared by every view. */
import { ERROR_WORDS, isErrorCode } from '@tiksaver/core/words';

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatRate(bps: number): string {
  return bps > 0 ? `${formatBytes(bps)}/s` : '--/s';
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "5 h 12 min", "3 min", "40 s". */
export function formatSpan(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

export function formatEta(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '--';
  const s = Math.max(0, Math.round(sec));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Story lifetime in words, e.g. "expires in 5 h 12 min" or "expired 3 min ago". */
export function describeExpiry(expiresAt: string | undefined, now = Date.now()): string | undefined {
  if (!expiresAt) return undefined;
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return undefined;
  const sec = (t - now) / 1000;
  return sec >= 0 ? `expires in ${formatSpan(sec)}` : `expired ${formatSpan(-sec)} ago`;
}

/** Short, plain-words label for an error code (core's ERROR_WORDS; the full hint is shown for the verdict). */
export function codeWords(code: string): string {
  return isErrorCode(code) ? ERROR_WORDS[code].label : code.toLowerCase().replace(/_/g, ' ');
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Cuts plain text to width, with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
