/**
 * Pure decoder for the legacy SnapTik answer `eval(function(h,u,n,t,e,r){...}("h",u,"n",t,e,r))`
 * (services.md §1b). Remote JavaScript is never evaluated: the argument list is read
 * with a regex and the packer's arithmetic is redone here.
 */
import { TiksaverError } from '@tiksaver/core';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';

/** The call's literal argument list: ("h",u,"n",t,e,r), as in the Rust clients' DECODER_ARGS_REGEX. */
const ARGS = /\(\s*"([^"]*)"\s*,\s*(\d+)\s*,\s*"([^"]*)"\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)\s*\)/;

export interface PackedArgs {
  h: string;
  n: string;
  t: number;
  e: number;
}

export function parsePackedArgs(script: string): PackedArgs {
  // The arguments follow the function body, which ends in `decodeURIComponent(escape(r))}`.
  const marker = script.indexOf('decodeURIComponent(escape(r))}');
  const tail = marker >= 0 ? script.slice(marker) : script.slice(script.indexOf('eval(function(h,u,n,t,e,r)') + 1);
  const match = ARGS.exec(tail);
  if (!script.includes('function(h,u,n,t,e,r)') || !match) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik legacy answer is not the packed eval(function(h,u,n,t,e,r)) script', {
      detail: { path: 'abc2.php' },
    });
  }
  const [, h = '', , n = '', t = '0', e = '0'] = match;
  return { h, n, t: Number(t), e: Number(e) };
}

/**
 * Reads one chunk as a base-e number: each n[j] stands for the digit j, then digits are
 * looked up in A[0..e); anything else contributes 0, like the original's indexOf fallback.
 */
function chunkValue(chunk: string, n: string, base: number): number {
  let value = 0;
  for (const symbol of chunk) {
    const j = n.indexOf(symbol);
    const digit = j >= 0 && j < 10 ? j : ALPHABET.indexOf(symbol);
    value = value * base + (digit >= 0 && digit < base ? digit : 0);
  }
  return value;
}

/** Decodes to the original text, including the `decodeURIComponent(escape(r))` UTF-8 step. */
export function decodePacked({ h, n, t, e }: PackedArgs): string {
  if (e < 2 || e > 10 || e >= n.length) {
    throw new TiksaverError('UPSTREAM_CHANGED', `SnapTik packed script has an unusable base ${e}`, { detail: { path: 'abc2.php.e' } });
  }
  const delimiter = n[e]!;
  const bytes: number[] = [];
  let chunk = '';
  for (const char of h) {
    if (char !== delimiter) {
      chunk += char;
      continue;
    }
    const code = chunkValue(chunk, n, e) - t;
    if (code < 0 || code > 255) {
      throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik packed script decodes outside the byte range', { detail: { path: 'abc2.php.h' } });
    }
    bytes.push(code);
    chunk = '';
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

export function decodePackedScript(script: string): string {
  return decodePacked(parsePackedArgs(script));
}

/** Reverses JavaScript string-literal escapes (\" \\ \/ \n \uXXXX \xXX). */
export function unescapeJsString(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, esc: string) => {
    if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' } as Record<string, string>)[esc] ?? esc;
  });
}

export type LegacyPayload = { html: string } | { alert: string };

/** Finds the `$("#download").innerHTML = "..."` HTML, or the `#alert` error text. */
export function extractLegacyPayload(decoded: string): LegacyPayload {
  const literal = String.raw`"((?:[^"\\]|\\[\s\S])*)"`;
  const download = new RegExp(String.raw`\$\(\s*["']#download["']\s*\)\.innerHTML\s*=\s*` + literal).exec(decoded);
  if (download) return { html: unescapeJsString(download[1]!) };
  const alert = new RegExp(String.raw`(?:querySelector\(\s*["']#alert["']\s*\)|\$\(\s*["']#alert["']\s*\))\.innerHTML\s*=\s*` + literal).exec(decoded);
  if (alert) return { alert: unescapeJsString(alert[1]!).replace(/<[^>]*>/g, '').trim() };
  throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik legacy script has neither #download nor #alert HTML', {
    detail: { path: 'abc2.php#download' },
  });
}
