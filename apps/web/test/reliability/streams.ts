/** A `strategy: "all"` event stream that the client abandons after `afterMs` (issue 17 item 1). */
export async function abortedStream(base: string, input: string, afterMs: number, headers: Record<string, string> = {}): Promise<void> {
  const controller = new AbortController();
  const answer = fetch(`${base}/api/resolve`, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ input, strategy: 'all' }),
  }).then((res) => res.text());
  await new Promise((r) => setTimeout(r, afterMs));
  controller.abort();
  await answer.catch(() => undefined);
}

export const DELAYS_MS = [1, 3, 8, 15, 25, 40, 70, 120];
