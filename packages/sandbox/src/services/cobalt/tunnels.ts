/**
 * cobalt tunnels: `<instance>/tunnel?id=…&exp=…&sig=…`, kept in a store for
 * `TUNNEL_LIFESPAN` (90 s by default, services.md §3); an expired or unknown id is a 404,
 * a tampered signature a 401.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { MediaAssetRef } from '../../types.js';

export const TUNNEL_LIFESPAN_MS = 90_000;
const MAX_TUNNELS = 10_000;

export class TunnelStore {
  private readonly secret = randomBytes(32);
  private readonly tunnels = new Map<string, { asset: MediaAssetRef; exp: number }>();
  lifespanMs = TUNNEL_LIFESPAN_MS;

  constructor(private readonly origin: string) {}

  private sign(id: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${id}:${exp}`).digest('base64url').slice(0, 43);
  }

  create(asset: MediaAssetRef, now: number): string {
    const id = randomBytes(16).toString('base64url').slice(0, 21);
    const exp = now + this.lifespanMs;
    this.tunnels.set(id, { asset, exp });
    if (this.tunnels.size > MAX_TUNNELS) this.tunnels.delete(this.tunnels.keys().next().value as string);
    return `${this.origin}/tunnel?id=${id}&exp=${exp}&sig=${this.sign(id, exp)}`;
  }

  open(params: URLSearchParams, now: number): { ok: true; asset: MediaAssetRef } | { ok: false; status: 401 | 404 } {
    const id = params.get('id') ?? '';
    const exp = Number(params.get('exp'));
    const sig = params.get('sig') ?? '';
    if (!id || !Number.isFinite(exp) || sig !== this.sign(id, exp)) return { ok: false, status: 401 };
    const entry = this.tunnels.get(id);
    if (!entry || entry.exp !== exp || exp <= now) {
      this.tunnels.delete(id);
      return { ok: false, status: 404 };
    }
    return { ok: true, asset: entry.asset };
  }
}
