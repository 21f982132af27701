/**
 * startSandbox: every virtual service on its own 127.0.0.1 server, a host map routing the
 * real hostnames to them, and the shared pipeline in front of each handler (control
 * endpoint, body reading, request log, fault injection).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HostMapEntry } from '@tiksaver/core';
import { Clock } from './clock.js';
import { handleControl } from './control.js';
import { applyFault, FaultRegistry, hostMatches, requestedFault } from './faults.js';
import { MemoryRequestLog, parseCookies } from './log.js';
import { resolveAsset, sendAsset } from './media.js';
import { findScenarioByItemId, getScenario, SCENARIOS } from './scenarios.js';
import { createCobaltService } from './services/cobalt.js';
import { createSnaptikService } from './services/snaptik.js';
import { createTikdownService } from './services/tikdown.js';
import { createTikwmService } from './services/tikwm.js';
import { createVidgapService } from './services/vidgap.js';
import { Signer } from './signing.js';
import { cdnUrls } from './tiktok/cdn-urls.js';
import { createTiktokCdnService } from './tiktok/cdn.js';
import { emptyMediaCounters, type TiktokDeps } from './tiktok/deps.js';
import { createTiktokWebService } from './tiktok/web.js';
import type { Fault, LoggedRequest, Sandbox, SandboxContext, SandboxOptions, VirtualService } from './types.js';

export const SERVICE_IDS = ['tiktok', 'tiktok-cdn', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt'] as const;

const BODY_LIMIT = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= BODY_LIMIT) parts.push(c);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? undefined : Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** The virtual host a request is for: its Host header when the service answers for it, else the service's main host. */
function virtualHost(req: IncomingMessage, service: VirtualService): string {
  const raw = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (raw && service.hosts.some((h) => hostMatches(h, raw))) return raw;
  const first = service.hosts.find((h) => !h.startsWith('*.')) ?? service.hosts[0] ?? 'localhost';
  return first.startsWith('*.') ? `www${first.slice(1)}` : first;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = new Clock();
  if (options.now !== undefined) clock.setNow(options.now);
  const signer = new Signer();
  const log = new MemoryRequestLog(options.logLimit);
  const faults = new FaultRegistry();
  for (const { host, ...fault } of options.faults ?? []) faults.set(host, fault);
  const timers = new Set<NodeJS.Timeout>();
  const origins: Record<string, string> = {};

  const context: SandboxContext = {
    scenarios: SCENARIOS,
    scenarioByItemId: findScenarioByItemId,
    origins,
    now: () => clock.now(),
    serveMedia: (req, res, asset) => sendAsset(req, res, resolveAsset(asset)),
    cdnUrl: (asset) => cdnUrls(asset, signer, clock.now())[0]!,
  };
  const deps: TiktokDeps = {
    signer,
    wafMaxIterations: options.wafMaxIterations ?? 5000,
    forceWaf: false,
    storiesNeedLogin: false,
    anchorMs: clock.now(),
    pagePadBytes: options.pagePadBytes ?? 0,
    site: options.tiktokSite ?? 'today',
    media: emptyMediaCounters(),
  };

  const factories: Record<string, () => VirtualService> = {
    tiktok: () => createTiktokWebService(context, deps),
    'tiktok-cdn': () => createTiktokCdnService(context, deps),
    snaptik: () => createSnaptikService(context),
    vidgap: () => createVidgapService(context),
    tikdown: () => createTikdownService(context),
    tikwm: () => createTikwmService(context),
    cobalt: () => createCobaltService(context),
  };
  const wanted = options.services ?? [...SERVICE_IDS];
  const services = wanted.map((id) => {
    const make = factories[id];
    if (!make) throw new Error(`unknown sandbox service "${id}" (known: ${SERVICE_IDS.join(', ')})`);
    return make();
  });

  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let sandbox!: Sandbox;

  const pipeline = (service: VirtualService) => async (req: IncomingMessage, res: ServerResponse) => {
    const host = virtualHost(req, service);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `https://${host}`);
    } catch {
      res.writeHead(400).end('bad request target');
      return;
    }
    try {
      if (url.pathname.startsWith('/__sandbox/')) {
        await handleControl(sandbox, req, res, url, await readBody(req));
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        res.writeHead(413, { 'Content-Type': 'text/plain' }).end('request body too large');
        return;
      }
      const fault = requestedFault(req, url) ?? faults.take(host, service.id, url.pathname);
      const entry: LoggedRequest = {
        host,
        service: service.id,
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        url: url.href,
        headers: { ...req.headers },
        cookies: parseCookies(req.headers.cookie),
        ...(body ? { body } : {}),
        at: clock.now(),
        ...(fault ? { fault: fault.kind } : {}),
      };
      log.add(entry);
      res.on('finish', () => {
        entry.status = res.statusCode;
      });
      const handler = async () => {
        await service.handle({ req, res, url, host, body });
      };
      if (fault) await applyFault(fault, { req, res, originalUrl: url.href, handler, timers });
      else await handler();
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`sandbox handler error: ${(err as Error).message}`);
      else res.destroy();
    }
  };

  const listen = (service: VirtualService, port: number) =>
    new Promise<string>((resolve, reject) => {
      const server = createServer(pipeline(service));
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        servers.push(server);
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });

  const boundOrigins = await Promise.all(
    services.map((s) => {
      const index = SERVICE_IDS.indexOf(s.id as (typeof SERVICE_IDS)[number]);
      const port = options.basePort !== undefined && index >= 0 ? options.basePort + index : (options.ports?.[s.id] ?? 0);
      return listen(s, port);
    }),
  ).catch(async (err: unknown) => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw err;
  });

  const urls: Record<string, string> = {};
  const hostMap: HostMapEntry[] = [];
  services.forEach((s, i) => {
    const origin = boundOrigins[i]!;
    urls[s.id] = origin;
    for (const pattern of s.hosts) {
      urls[pattern] = origin;
      hostMap.push({ pattern, origin });
      if (!pattern.startsWith('*.')) origins[`https://${pattern}`] = origin;
    }
  });

  const byId = new Map(services.map((s) => [s.id, s]));
  sandbox = {
    urls,
    hostMap,
    hostMapString: hostMap.map((e) => `${e.pattern}=${e.origin}`).join(','),
    scenarios: SCENARIOS,
    scenario: getScenario,
    setFault: (host, fault) => faults.set(host, fault),
    clearFaults: (host) => faults.clear(host),
    faults: () => faults.active(),
    log,
    mediaCounters: () => ({ ...deps.media }),
    control(serviceId, action) {
      const service = byId.get(serviceId);
      if (!service) throw new Error(`unknown sandbox service "${serviceId}"`);
      if (!service.control) throw new Error(`service "${serviceId}" has no control actions`);
      service.control(action);
    },
    now: () => clock.now(),
    setNow: (ms) => clock.setNow(ms),
    shiftTime: (ms) => clock.shift(ms),
    context,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      for (const socket of sockets) socket.destroy();
    },
  };
  return sandbox;
}
