/**
 * The server half of SnapTik's `/api/token` challenge (services.md §1a steps 2-4):
 * a random puzzle of one of the five documented types, AES-256-CBC encrypted under
 * SHA-256(salt + id) with a random IV prepended, base64. The answer is kept server side.
 */
import { createCipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

export const SNAPTIK_SALT_2026 = 'sn4pt1k_v3r1fy2026:';

export interface IssuedChallenge {
  id: string;
  p: string;
  answer: number;
  e: number;
  h: string;
}

function puzzle(): { fields: Record<string, unknown>; answer: number } {
  const small = () => randomInt(1, 1000);
  switch (randomInt(5)) {
    case 0: {
      const a = randomInt(1, 1 << 20);
      const b = randomInt(1, 1 << 20);
      const s = randomInt(0, 12);
      return { fields: { t: 'b', a, b, s }, answer: ((a ^ b) >> s) & 255 };
    }
    case 1: {
      const n = Array.from({ length: randomInt(3, 9) }, small);
      return { fields: { t: 'r', n }, answer: n.reduce((x, y) => x + y, 0) * 2 + 1 };
    }
    case 2: {
      const w = randomBytes(6).toString('base64url');
      const i = randomInt(w.length);
      const m = randomInt(2, 50);
      return { fields: { t: 'c', w, i, m }, answer: w.charCodeAt(i) * m };
    }
    case 3: {
      const [a, b, c] = [small(), small(), randomInt(1, 60)];
      return { fields: { t: 'm', a, b, c }, answer: ((a + b) % 100) * c };
    }
    default: {
      const [a, b, c] = [small(), small(), small()];
      return { fields: { t: 'n', a, b, c }, answer: a * b + b * c + c * a - a };
    }
  }
}

export function issueChallenge(salt: string, secret: string, now: number): IssuedChallenge {
  const id = randomBytes(12).toString('hex');
  const { fields, answer } = puzzle();
  const e = Math.floor(now / 1000) + 120;
  const h = createHmac('sha256', secret).update(`${id}:${answer}:${e}`).digest('hex').slice(0, 32);
  const key = createHash('sha256').update(salt + id, 'utf8').digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const plain = JSON.stringify({ ...fields, _e: e, _h: h });
  const p = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  return { id, p, answer, e, h };
}
