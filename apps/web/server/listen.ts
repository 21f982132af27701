/** Starts a Hono app on a real socket (port 0 = any free port) and gives back its URL. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { answeredBeforeRouting, installRawAnswers } from './raw-answers.js';
import { withDirectBodies } from './direct-body.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Node's server with our checks in front of Hono (a missing Host is answered by us, in JSON). */
const guardedServer = ((options: Parameters<typeof createServer>[0], listener: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = createServer({ ...options, requireHostHeader: false }, (req, res) => {
    if (!answeredBeforeRouting(req, res)) listener(req, res);
  });
  installRawAnswers(server);
  return server;
}) as unknown as typeof createServer;

export function listen(app: Hono, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use: stop the other server, or choose another port (PORT=... or --port).`, { cause: error })
          : error,
      );
    server = serve({ fetch: withDirectBodies((request, env) => app.fetch(request, env)), port, hostname: host, createServer: guardedServer }, (info) => {
      server?.off('error', onError);
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            const s = server as ServerType & { closeAllConnections?: () => void };
            s.close(() => done());
            s.closeAllConnections?.();
          }),
      });
    });
    server.on('error', onError);
  });
}
