/**
 * The control endpoint, answered on every virtual host under /__sandbox/ (never logged,
 * never faulted), so a standalone sandbox can be steered with curl:
 *   POST   /__sandbox/fault      {"host":"www.tiktok.com","kind":"status-429","value":3,"times":1}
 *   DELETE /__sandbox/fault[?host=...]
 *   GET    /__sandbox/faults
 *   GET    /__sandbox/log[?host=...]      DELETE /__sandbox/log
 *   POST   /__sandbox/control   {"service":"vidgap","action":"redeploy"}
 *   POST   /__sandbox/time      {"now":1732500000000} | {"shift":86400000} | {"reset":true}
 *   GET    /__sandbox/scenarios           GET /__sandbox/hostmap
 *   GET    /__sandbox/media      CDN counters: HEAD/OPTIONS seen, page-session checks
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, Sandbox } from './types.js';

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
}

export async function handleControl(sb: Sandbox, req: IncomingMessage, res: ServerResponse, url: URL, body: string | undefined): Promise<void> {
  let input: Record<string, unknown> = {};
  if (body) {
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: 'body must be JSON' });
    }
  }
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'POST /__sandbox/fault': {
        const { host, ...fault } = input;
        if (typeof host !== 'string') return json(res, 400, { error: 'host (string) is required' });
        sb.setFault(host, fault as unknown as Fault);
        return json(res, 200, { faults: sb.faults() });
      }
      case 'DELETE /__sandbox/fault':
        sb.clearFaults(url.searchParams.get('host') ?? undefined);
        return json(res, 200, { faults: sb.faults() });
      case 'GET /__sandbox/faults':
        return json(res, 200, { faults: sb.faults() });
      case 'GET /__sandbox/log': {
        const host = url.searchParams.get('host');
        return json(res, 200, { requests: host ? sb.log.for(host) : sb.log.all() });
      }
      case 'DELETE /__sandbox/log':
        sb.log.clear();
        return json(res, 200, { ok: true });
      case 'POST /__sandbox/control':
        sb.control(String(input.service), String(input.action));
        return json(res, 200, { ok: true });
      case 'POST /__sandbox/time':
        if (typeof input.now === 'number') sb.setNow(input.now);
        if (typeof input.shift === 'number') sb.shiftTime(input.shift);
        if (input.reset === true) sb.setNow(Date.now());
        return json(res, 200, { now: sb.now(), iso: new Date(sb.now()).toISOString() });
      case 'GET /__sandbox/media':
        return json(res, 200, sb.mediaCounters());
      case 'GET /__sandbox/scenarios':
        return json(res, 200, { scenarios: sb.scenarios });
      case 'GET /__sandbox/hostmap':
        return json(res, 200, { hostMap: sb.hostMap, hostMapString: sb.hostMapString });
      default:
        return json(res, 404, { error: `no control route ${route}` });
    }
  } catch (err) {
    return json(res, 400, { error: (err as Error).message });
  }
}
