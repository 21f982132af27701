/** The contract suite's request observer refuses what would leave the host map. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '@tiksaver/core';
import { observeHttp } from './contract/observe-http.js';

describe('observeHttp', () => {
  it('lets mapped requests through, records them, and refuses unmapped hosts before sending', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const http = createHttpClient({ hostMap: `www.tiktok.com=http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      const observed = observeHttp(http);
      expect(await observed.getText('https://www.tiktok.com/x')).toBe('ok');
      await expect(observed.fork().request('https://example.com/')).rejects.toMatchObject({ code: 'NETWORK' });
      expect(observed.observation.urls).toEqual(['https://www.tiktok.com/x', 'https://example.com/']);
      expect(observed.observation.unmapped).toEqual(['https://example.com/']);
    } finally {
      await (http as { close?: () => Promise<void> }).close?.();
      await new Promise((r) => server.close(r));
    }
  });
});
