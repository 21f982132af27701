/**
 * The exact inverse of the legacy SnapTik decoder (services.md §1b): UTF-8 bytes of the
 * script, each byte + t written in base e with the symbols n[0..e-1], chunks separated by
 * n[e]. A fresh alphabet, base and offset per response, as the real packer does.
 */
import { randomInt } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function shuffledLetters(count: number): string {
  const pool = [...LETTERS];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).join('');
}

export interface PackOptions {
  /** Base (2..9); random by default. */
  e?: number;
  /** Offset added to each byte; random by default. */
  t?: number;
  /** Symbol string; n[e] is the delimiter. Letters only, length e+1..10. */
  n?: string;
}

export function packArgs(source: string, options: PackOptions = {}): { h: string; u: number; n: string; t: number; e: number; r: number } {
  const e = options.e ?? randomInt(5, 10);
  const t = options.t ?? randomInt(1, 80);
  const n = options.n ?? shuffledLetters(Math.min(10, e + 1 + randomInt(0, 10 - e)));
  const delimiter = n[e]!;
  let h = '';
  for (const byte of Buffer.from(source, 'utf8')) {
    h += (byte + t).toString(e).replace(/\d/g, (d) => n[Number(d)]!) + delimiter;
  }
  return { h, u: randomInt(10, 99), n, t, e, r: randomInt(10, 60) };
}

/** The full `eval(function(h,u,n,t,e,r){...}(...))` answer, with the helper the real page defines. */
export function packScript(source: string, options: PackOptions = {}): string {
  const { h, u, n, t, e, r } = packArgs(source, options);
  return (
    'var _0xc41e=["","split","0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/","slice","indexOf","","",".","pow","reduce","reverse","0"];' +
    'function _0xe91c(d,e,f){var g=_0xc41e[2][_0xc41e[1]](_0xc41e[0]);var h=g[_0xc41e[3]](0,e);var i=g[_0xc41e[3]](0,f);' +
    'var j=d[_0xc41e[1]](_0xc41e[0])[_0xc41e[10]]()[_0xc41e[9]](function(a,b,c){if(h[_0xc41e[4]](b)!==-1)return a+=h[_0xc41e[4]](b)*(Math[_0xc41e[8]](e,c))},0);' +
    'var k=_0xc41e[0];while(j>0){k=i[j%f]+k;j=(j-(j%f))/f}return k||_0xc41e[11]}' +
    'eval(function(h,u,n,t,e,r){r="";for(var i=0,len=h.length;i<len;i++){var s="";while(h[i]!==n[e]){s+=h[i];i++}' +
    'for(var j=0;j<n.length;j++)s=s.replace(new RegExp(n[j],"g"),j);r+=String.fromCharCode(_0xe91c(s,e,10)-t)}' +
    `return decodeURIComponent(escape(r))}("${h}",${u},"${n}",${t},${e},${r}))`
  );
}

/** A JavaScript double-quoted string literal body (what the real script embeds). */
export function jsString(text: string): string {
  return text.replace(/[\\"/\n\r\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\u2028' ? '\\u2028' : c === '\u2029' ? '\\u2029' : `\\${c}`,
  );
}
