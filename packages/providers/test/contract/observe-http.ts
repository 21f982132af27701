/**
 * Wraps a real HttpClient so the contract suite can see every request a provider makes and
 * refuse any that would leave the host map. It observes; the requests still go over real
 * sockets to the sandbox.
 */
import { TiksaverError, type HttpClient, type HttpRequestOptions, type HttpResponse } from '@tiksaver/core';

export interface HttpObservation {
  /** Every URL requested (original form), in order. */
  urls: string[];
  /** URLs that were not in the host map (requested or reached by redirect). */
  unmapped: string[];
}

export function observeHttp(http: HttpClient, seen: HttpObservation = { urls: [], unmapped: [] }): HttpClient & { observation: HttpObservation } {
  const guard = (url: string) => {
    if (!http.isMapped(url)) {
      seen.unmapped.push(url);
      throw new TiksaverError('NETWORK', `contract suite: request to ${url} would leave the host map`);
    }
  };
  const request = async (url: string | URL, options?: HttpRequestOptions): Promise<HttpResponse> => {
    const href = String(url);
    seen.urls.push(href);
    guard(href);
    const res = await http.request(url, options);
    for (const hop of [...res.redirects, res.url]) {
      if (!http.isMapped(hop)) seen.unmapped.push(hop);
    }
    return res;
  };
  return {
    observation: seen,
    request,
    getText: async (url, options) => (await request(url, options)).text(),
    getJson: async <T>(url: string | URL, options: HttpRequestOptions = {}) =>
      (await request(url, { ...options, headers: { accept: 'application/json, text/plain, */*', ...options.headers } })).json<T>(),
    get cookies() {
      return http.cookies;
    },
    fork: (options) => observeHttp(http.fork(options), seen),
    setPace: (origin, intervalMs) => http.setPace(origin, intervalMs),
    isMapped: (url) => http.isMapped(url),
  };
}
