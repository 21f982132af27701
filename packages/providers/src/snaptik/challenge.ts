/**
 * SnapTik's 2026 anti-bot challenge (services.md §1a steps 2-4): `/api/token` answers
 * `{ id, p }`; `p` is AES-256-CBC ciphertext (IV = first 16 bytes) under
 * key = SHA-256(salt + id); the plaintext is a small math puzzle whose answer goes into
 * the `X-Verify` header. Pure functions, Node's crypto only.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import * as z from 'zod';
import { TiksaverError } from '@tiksaver/core';

/** Assembled in the site's JS from pieces; the year suffix suggests a yearly rotation. */
export const DEFAULT_SNAPTIK_SALT = 'sn4pt1k_v3r1fy2026:';

const num = z.number();
/** One entry per challenge type `t`, with exactly the fields its formula reads. */
export const Challenge = z.discriminatedUnion('t', [
  z.object({ t: z.literal('b'), a: num, b: num, s: num }).loose(),
  z.object({ t: z.literal('r'), n: z.array(num) }).loose(),
  z.object({ t: z.literal('c'), w: z.string(), i: num, m: num }).loose(),
  z.object({ t: z.literal('m'), a: num, b: num, c: num }).loose(),
  z.object({ t: z.literal('n'), a: num, b: num, c: num }).loose(),
]);
export type Challenge = z.infer<typeof Challenge>;

const Envelope = z.object({ _e: z.union([z.string(), z.number()]), _h: z.union([z.string(), z.number()]) }).loose();

export function deriveKey(id: string, salt: string = DEFAULT_SNAPTIK_SALT): Buffer {
  return createHash('sha256').update(salt + id, 'utf8').digest();
}

/** Decrypts `p` to the challenge object; a wrong salt shows up as a padding or JSON failure. */
export function decryptChallenge(p: string, id: string, salt: string = DEFAULT_SNAPTIK_SALT): Record<string, unknown> {
  const raw = Buffer.from(p, 'base64');
  if (raw.length < 32 || (raw.length - 16) % 16 !== 0) {
    throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik token payload is not IV + AES blocks', { detail: { path: 'p' } });
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', deriveKey(id, salt), raw.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
    const value: unknown = JSON.parse(plain);
    if (!value || typeof value !== 'object') throw new Error('challenge is not an object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new TiksaverError(
      'UPSTREAM_CHANGED',
      'Could not decrypt the SnapTik challenge; the key salt has probably rotated (set the snaptik salt setting)',
      { cause, detail: { path: 'p', salt } },
    );
  }
}

/** The five formulas exactly as documented (services.md §1a step 3). */
export function solveChallenge(challenge: Challenge): number {
  switch (challenge.t) {
    case 'b':
      return ((challenge.a ^ challenge.b) >> challenge.s) & 255;
    case 'r':
      return challenge.n.reduce((sum, n) => sum + n, 0) * 2 + 1;
    case 'c':
      return challenge.w.charCodeAt(challenge.i) * challenge.m;
    case 'm':
      return ((challenge.a + challenge.b) % 100) * challenge.c;
    case 'n':
      return challenge.a * challenge.b + challenge.b * challenge.c + challenge.c * challenge.a - challenge.a;
  }
}

/**
 * `X-Verify: ${id}:${P}:${_e}:${_h}`. `_e`/`_h` are read from the parsed object (one
 * client has a bug reading them from the raw string).
 */
export function buildXVerify(token: { id: string; p: string }, salt: string = DEFAULT_SNAPTIK_SALT): string {
  const plain = decryptChallenge(token.p, token.id, salt);
  const challenge = Challenge.safeParse(plain);
  const envelope = Envelope.safeParse(plain);
  if (!challenge.success || !envelope.success) {
    const issue = (challenge.error ?? envelope.error)?.issues[0];
    throw new TiksaverError('UPSTREAM_CHANGED', `SnapTik challenge has an unknown shape (type ${String(plain.t)})`, {
      detail: { path: `challenge.${issue?.path.join('.') ?? 't'}` },
    });
  }
  return `${token.id}:${solveChallenge(challenge.data)}:${envelope.data._e}:${envelope.data._h}`;
}
