/**
 * Streams a Node body (upstream media, a zip) into a Response so that a failure mid-way
 * ends the transfer cleanly: one log line, the connection cut (the client sees an
 * incomplete download, never a short file that looks whole), and no stack trace per
 * request. Erroring the web stream instead would make @hono/node-server print the stack
 * and append "Error: ..." text to the body.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import { toTiksaverError } from '@tiksaver/core';

const HIGH_WATER = 64 * 1024;

export function cutOnError(source: Readable, c: Context, label: string, log: (line: string) => void = (line) => console.warn(line)): ReadableStream<Uint8Array> {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once('end', () => controller.close());
        source.once('error', (error) => {
          const e = toTiksaverError(error, 'DOWNLOAD_FAILED');
          // The client leaving aborts the upstream body too: that is no failure to report.
          if (e.code !== 'CANCELLED' && !c.req.raw.signal.aborted) log(`[tiksaver web] ${label} cut short: ${e.code}: ${e.message}`);
          try {
            if (!outgoing) return controller.error(e); // not on a Node socket (app.fetch in a test): fail the body
            outgoing.destroy();
            controller.close();
          } catch {
            // already closed or cancelled by the reader
          }
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: HIGH_WATER, size: (chunk) => chunk.byteLength },
  );
}
