/**
 * Per-sandbox secrets: tt_chain_token values and CDN URL signatures are HMACs, so any
 * virtual host can verify them without shared state, and tampering shows as a 403.
 */
import { createHmac, randomBytes } from 'node:crypto';

export class Signer {
  private readonly secret = randomBytes(32);

  sign(data: string, length = 32): string {
    return createHmac('sha256', this.secret).update(data).digest('hex').slice(0, length);
  }

  /** A tt_chain_token-like value (24 chars of base64) that verifyToken accepts. */
  issueToken(kind: string): string {
    const nonce = randomBytes(6);
    const mac = createHmac('sha256', this.secret).update(kind).update(nonce).digest().subarray(0, 10);
    return Buffer.concat([nonce, mac]).toString('base64');
  }

  verifyToken(kind: string, value: string | undefined): boolean {
    if (!value) return false;
    const raw = Buffer.from(decodeURIComponent(value), 'base64');
    if (raw.length !== 16) return false;
    const mac = createHmac('sha256', this.secret).update(kind).update(raw.subarray(0, 6)).digest().subarray(0, 10);
    return mac.equals(raw.subarray(6));
  }
}
