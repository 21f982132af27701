/**
 * A media server for downloader tests: ETag, Range/If-Range (RFC 9110) and faults that cut
 * or stall a transfer at a chosen byte.
 */
import type http from 'node:http';

export interface MediaState {
  data: Buffer;
  etag?: string;
  lastModified?: string;
  /** Honour Range requests (default true). */
  ranges?: boolean;
  /** Close the connection after this many body bytes of the next response, then clear. */
  cutAt?: number;
  /** Stop sending (keep the socket open) after this many body bytes. */
  stallAt?: number;
  contentType?: string;
  status?: number;
}

export function mediaHandler(state: MediaState): http.RequestListener {
  return (req, res) => {
    if (state.status && state.status !== 200) return void res.writeHead(state.status).end('nope');
    const { data } = state;
    const headers: http.OutgoingHttpHeaders = { 'content-type': state.contentType ?? 'video/mp4' };
    if (state.etag) headers.etag = state.etag;
    if (state.lastModified) headers['last-modified'] = state.lastModified;
    if (state.ranges !== false) headers['accept-ranges'] = 'bytes';
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    const validatorOk = !ifRange || ifRange === state.etag || ifRange === state.lastModified;
    let body = data;
    let status = 200;
    if (range && state.ranges !== false && validatorOk) {
      const start = Number(range[1]);
      if (start >= data.length) {
        return void res.writeHead(416, { ...headers, 'content-range': `bytes */${data.length}` }).end();
      }
      status = 206;
      body = data.subarray(start);
      headers['content-range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
    }
    headers['content-length'] = body.length;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return void res.end();
    if (state.cutAt !== undefined) {
      const cut = state.cutAt;
      state.cutAt = undefined;
      res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (state.stallAt !== undefined) return void res.write(body.subarray(0, state.stallAt));
    res.end(body);
  };
}
