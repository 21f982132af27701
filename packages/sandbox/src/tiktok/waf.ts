/**
 * The WAF "Please wait..." challenge (tiktok-web.md §2 "Anti-bot / WAF JS challenge"):
 * `<p id="cs" class="...">` holds base64 JSON c with c.v.a (base64 salt) and c.v.c (base64
 * sha256 of salt bytes + decimal i); the client sets c.d = b64(str(i)) and sends
 * b64(JSON(c)) as the cookie named by #wci (`_wafchallengeid`); #rci/#rs name an optional
 * second cookie (`waforiginalreid`). The answer i is kept small so tests are fast.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Signer } from '../signing.js';

export const WAF_COOKIE = '_wafchallengeid';
export const WAF_SECOND_COOKIE = 'waforiginalreid';
const WAF_TTL_MS = 5 * 60_000;

interface Challenge {
  v: { a: string; c: string };
  /** Issued at (ms) and server signature, so verification needs no state. */
  t: number;
  s: string;
  d?: string;
}

const sha256 = (a: Buffer, i: number) => createHash('sha256').update(a).update(String(i)).digest();

export function renderWafPage(signer: Signer, nowMs: number, maxIterations: number): string {
  const a = randomBytes(16);
  const i = randomInt(0, Math.max(1, maxIterations));
  const v = { a: a.toString('base64'), c: sha256(a, i).toString('base64') };
  const c: Challenge = { v, t: nowMs, s: signer.sign(`waf:${v.a}:${v.c}:${nowMs}`) };
  // The class value is base64 with its '=' padding stripped (solvers re-add it).
  const cs = Buffer.from(JSON.stringify(c)).toString('base64').replace(/=+$/, '');
  const rs = randomBytes(12).toString('hex');
  return (
    `<!DOCTYPE html><html><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Please wait...</title>` +
    `<style>body{font-family:Arial,sans-serif;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}.hidden{display:none}</style></head>` +
    `<body><div class="loading"><p>Please wait...</p></div>` +
    `<p id="cs" class="${cs}" style="display:none"></p><p id="wci" class="${WAF_COOKIE}" style="display:none"></p>` +
    `<p id="rci" class="${WAF_SECOND_COOKIE}" style="display:none"></p><p id="rs" class="${rs}" style="display:none"></p>` +
    `<script>(function(){var e=document.getElementById("cs");if(!e)return;/* solver runs in the browser; never evaluated by tiksaver */})();</script>` +
    `</body></html>`
  );
}

/** Whether the `_wafchallengeid` cookie value carries a correct, fresh, server-issued solution. */
export function verifyWafCookie(signer: Signer, value: string | undefined, nowMs: number): boolean {
  if (!value) return false;
  try {
    const raw = value.includes('%') ? decodeURIComponent(value) : value;
    const c = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Challenge;
    if (!c?.v?.a || !c.v.c || typeof c.t !== 'number' || !c.d) return false;
    if (c.s !== signer.sign(`waf:${c.v.a}:${c.v.c}:${c.t}`)) return false;
    if (nowMs - c.t > WAF_TTL_MS) return false;
    const i = Number(Buffer.from(c.d, 'base64').toString('utf8'));
    if (!Number.isInteger(i) || i < 0) return false;
    return sha256(Buffer.from(c.v.a, 'base64'), i).equals(Buffer.from(c.v.c, 'base64'));
  } catch {
    return false;
  }
}

/** Reference solver (what a client does); used by tests and the demo. */
export function solveWafPage(html: string, maxIterations = 1_000_000): { name: string; value: string } | undefined {
  const cls = (id: string) => new RegExp(`<p[^>]*\\bid="${id}"[^>]*\\bclass="([^"]*)"`).exec(html)?.[1];
  const cs = cls('cs');
  const name = cls('wci');
  if (!cs || !name) return undefined;
  const c = JSON.parse(Buffer.from(cs + '==', 'base64').toString('utf8')) as Challenge;
  const a = Buffer.from(c.v.a, 'base64');
  const expected = Buffer.from(c.v.c, 'base64');
  for (let i = 0; i <= maxIterations; i++) {
    if (sha256(a, i).equals(expected)) {
      c.d = Buffer.from(String(i)).toString('base64');
      return { name, value: Buffer.from(JSON.stringify(c)).toString('base64') };
    }
  }
  return undefined;
}
