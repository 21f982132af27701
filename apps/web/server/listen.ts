/** Starts a Hono app on a real socket (port 0 = any free port) and gives back its URL. */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { withDirectBodies } from './direct-body.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Hono, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use: stop the other server, or choose another port (PORT=... or --port).`, { cause: error })
          : error,
      );
    server = serve({ fetch: withDirectBodies((request, env) => app.fetch(request, env)), port, hostname: host }, (info) => {
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
