import type { Readable } from 'node:stream';

/** undici's dump() reads a small remainder so the connection can be reused, else destroys. */
export async function drain(body: Readable): Promise<void> {
  body.on('error', () => {});
  const dump = (body as Readable & { dump?: (o?: { limit: number }) => Promise<void> }).dump;
  if (typeof dump === 'function') await dump.call(body, { limit: 64 * 1024 }).catch(() => {});
  else body.destroy();
}
