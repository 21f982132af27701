/**
 * The lean transport for media bodies (issue 18): one HTTP/1.1 GET over a plain net/tls
 * socket that reads into one fixed buffer (`onread`), parsed by http-parser-js (pure JS, so
 * no WebAssembly compile in the middle of a transfer, which cost undici ~60 ms of CPU and
 * ~35 MB of RSS per cold process; bench/README.md). Page and API calls stay on undici.
 * The client (./client.ts) keeps doing redirects, cookies, the host map, the pacer and
 * status mapping around this; the address guard runs inside the socket's DNS lookup, so
 * every hop is checked after DNS like the undici path.
 */
import net from 'node:net';
import tls from 'node:tls';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import httpParserJs from 'http-parser-js';
import { TiksaverError } from '../errors.js';
import { guardedLookup } from './address-guard.js';
import { BufferPool } from './buffer-pool.js';
import { host } from './failures.js';
import { MediaBody, type BodyLimits } from './media-body.js';

// http-parser-js is CommonJS: its exports object arrives as the default import.
const { HTTPParser } = httpParserJs;

/** One socket read at most; also how much room a sink must keep free before asking for more. */
export const READ_BUFFER_BYTES = 256 * 1024;
const readBuffers = new BufferPool(READ_BUFFER_BYTES, 8);
/**
 * After the last body byte, how long to wait for the server's close (we sent
 * `connection: close`) before trusting the body anyway. A byte in that window means the
 * body was longer than its Content-Length, and the saved file would be short (issue 17).
 * A server that honours the close sends its FIN with the last byte, so this costs nothing.
 */
const AFTER_BODY_GRACE_MS = 250;

/** http-parser-js keeps its read position on the instance during execute() (not in its d.ts). */
interface ParserCursor {
  offset: number;
  end: number;
}

export interface MediaRequestInit {
  /** GET (media), or any method when the client sends everything this way (CLI). */
  method?: string;
  body?: string | Uint8Array;
  /** The URL as the caller knows it (messages, Host header, request path). */
  url: URL;
  /** Where to connect: the host-mapped origin, or the URL's own origin. */
  connectTo: URL;
  /** Lower-case request headers (cookie included); Host is added from `url`. */
  headers: Record<string, string>;
  /** Refuse non-public addresses after DNS (address guard). */
  guard: boolean;
  signal?: AbortSignal;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  limits: BodyLimits;
}

export interface MediaHop {
  status: number;
  headers: Record<string, string | string[]>;
  body: MediaBody;
}

export function requestMedia(init: MediaRequestInit): Promise<MediaHop> {
  const { url, connectTo, signal } = init;
  const head = requestHead(init);
  return new Promise<MediaHop>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(url));
    const body = new MediaBody(url.href, init.limits);
    const readBuffer = readBuffers.take();
    const parser = new HTTPParser(HTTPParser.RESPONSE);
    let answered = false;
    let interim = false;
    /** The message as framed by its headers is in; waiting for the close (AFTER_BODY_GRACE_MS). */
    let messageEnded = false;
    let socketEnded = false;
    /** Settled: the body completed or failed. */
    let complete = false;
    let failure: Error | undefined;

    /** Settles once: before the headers the promise rejects, after them the body fails. */
    const fail = (error: Error) => {
      if (complete) return;
      complete = true;
      clearTimeout(timer);
      if (answered) body.fail(error);
      else reject(error);
      socket.destroy();
    };

    parser[HTTPParser.kOnHeadersComplete] = (info) => {
      // 1xx (103 Early Hints) come before the real answer; 204/304 have no body.
      if (info.statusCode < 200) {
        interim = true;
        return 1;
      }
      const headers = toRecord(info.headers);
      const length = headers['content-length'];
      if (length !== undefined && !/^\d+$/.test(String(length).trim())) {
        failure = protocolError(url, `invalid Content-Length "${String(length).slice(0, 40)}"`);
        return 1;
      }
      clearTimeout(timer);
      answered = true;
      // Once the message has ended the socket is only read for what must not be there.
      body.attach({ pause: () => messageEnded || socket.pause(), resume: () => socket.resume(), destroy: () => socket.destroy() });
      resolve({ status: info.statusCode, headers, body });
      return info.statusCode === 204 || info.statusCode === 304 || init.method === 'HEAD' ? 1 : 0;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer, offset: number, length: number) => {
      body.deliver(offset === 0 && length === chunk.length ? chunk : chunk.subarray(offset, offset + length));
    };
    /** The body is whole and nothing followed it. */
    const finishBody = () => {
      if (complete) return;
      complete = true;
      clearTimeout(timer);
      body.complete();
      socket.destroy();
    };
    parser[HTTPParser.kOnMessageComplete] = () => {
      if (interim) {
        interim = false;
        return;
      }
      if (!answered || messageEnded || complete) return;
      messageEnded = true;
      // One request per connection (connection: close): nothing may follow the message, not
      // in this read (the cursor says where the message ended) and not in a later one.
      const cursor = parser as unknown as ParserCursor;
      const extra = cursor.end - cursor.offset;
      cursor.offset = cursor.end;
      if (extra > 0) {
        failure = longerThanDeclared(url, body.bytesRead, extra);
        return;
      }
      body.settle();
      if (socketEnded) return finishBody();
      socket.resume();
      timer = setTimeout(finishBody, AFTER_BODY_GRACE_MS);
    };

    const onread = {
      buffer: readBuffer,
      callback: (nread: number, buf: Buffer): boolean => {
        if (messageEnded) {
          if (nread > 0) fail(longerThanDeclared(url, body.bytesRead, nread));
          return true;
        }
        let result: number | Error;
        try {
          result = parser.execute(buf, 0, nread);
        } catch (error) {
          result = error as Error;
        }
        if (failure) fail(failure);
        else if (messageEnded) return true; // the parser's view of what follows does not matter
        else if (result instanceof Error) fail(protocolError(url, result.message));
        else if (answered) body.afterRead();
        return true;
      },
    };
    const port = Number(connectTo.port) || (connectTo.protocol === 'https:' ? 443 : 80);
    const hostname = connectTo.hostname.replace(/^\[|\]$/g, '');
    const options = {
      host: hostname,
      port,
      onread,
      ...(init.guard && { lookup: guardedLookup as unknown as net.LookupFunction }),
    };
    const socket: net.Socket =
      connectTo.protocol === 'https:'
        ? tls.connect({ ...options, ...(net.isIP(hostname) === 0 && { servername: hostname }), ALPNProtocols: ['http/1.1'] })
        : net.connect(options);
    socket.setNoDelay(true);

    let timer: NodeJS.Timeout = setTimeout(
      () => fail(new TiksaverError('TIMEOUT', `Timed out talking to ${host(url.href)} (connect timeout)`, { detail: { url: url.href, code: 'UND_ERR_CONNECT_TIMEOUT' } })),
      init.connectTimeoutMs,
    );
    socket.once(connectTo.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => fail(new TiksaverError('TIMEOUT', `Timed out talking to ${host(url.href)} (no response headers in time)`, { detail: { url: url.href, code: 'UND_ERR_HEADERS_TIMEOUT' } })),
        init.headersTimeoutMs,
      );
    });
    // The whole body was in and nothing followed: a reset now costs no byte of it.
    const whole = () => messageEnded && !failure;
    socket.on('error', (error) => (whole() ? finishBody() : fail(error)));
    socket.on('end', () => {
      socketEnded = true;
      // A close-delimited body ends here (finish() completes it); otherwise it was cut short.
      if (answered && !messageEnded) parser.finish();
      if (whole()) finishBody();
      else fail(failure ?? closedEarly(url, answered));
    });
    socket.on('close', () => {
      if (whole()) finishBody();
      else if (!complete) fail(failure ?? closedEarly(url, answered));
      // No read can land in it any more.
      readBuffers.give(readBuffer);
    });
    const onAbort = () => fail(cancelled(url));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('close', () => signal?.removeEventListener('abort', onAbort));
    socket.write(head);
    if (init.body !== undefined && init.body.length > 0) socket.write(init.body);
  });
}

function requestHead(init: MediaRequestInit): string {
  const { url } = init;
  const lines = [`${init.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(init.headers)) {
    if (name === 'host' || name === 'connection' || name === 'content-length' || name === 'transfer-encoding') continue;
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (cause) {
      throw new TiksaverError('UPSTREAM_CHANGED', `Refused to send an invalid "${name.slice(0, 40)}" header to ${url.host}`, { cause, detail: { url: url.href, header: name } });
    }
    lines.push(`${name}: ${value}`);
  }
  if (init.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(init.body)}`);
  lines.push('connection: close', '', '');
  return lines.join('\r\n');
}

/** http-parser-js gives [name, value, name, value ...]; repeated names become arrays (like undici). */
function toRecord(raw: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const prev = out[name];
    if (prev === undefined) out[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[name] = [prev, value];
  }
  return out;
}

function protocolError(url: URL, what: string): Error {
  return Object.assign(new Error(`Invalid HTTP response from ${url.host}: ${what}`), { code: 'UND_ERR_INFO' });
}

function longerThanDeclared(url: URL, declared: number, extra: number): TiksaverError {
  return new TiksaverError('DOWNLOAD_FAILED', `${url.host} sent more bytes than the ${declared} its headers declared; the body cannot be trusted`, {
    detail: { url: url.href, reason: 'length-mismatch', declared, extra },
  });
}

function closedEarly(url: URL, answered: boolean): Error {
  return Object.assign(new Error(answered ? `${url.host} closed the connection before the end of the body` : `${url.host} closed the connection without an answer`), {
    code: answered ? 'UND_ERR_SOCKET' : 'ECONNRESET',
  });
}

function cancelled(url: URL): TiksaverError {
  return new TiksaverError('CANCELLED', `Request to ${host(url.href)} was cancelled`);
}
