/**
 * Last line of defence for the long-running server: a promise that rejects with nobody
 * listening is a bug, but one request's bug must not take every other user down (Node's
 * default for an unhandled rejection is to exit; an aborted `strategy: "all"` stream did
 * exactly that). It is logged, once per distinct message, and the server keeps serving.
 */
export function keepServingOnUnhandledRejection(log: (line: string, error: unknown) => void = (line, error) => console.error(line, error)): () => void {
  const seen = new Set<string>();
  const onRejection = (reason: unknown) => {
    const key = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    if (seen.size < 100 && !seen.has(key)) {
      seen.add(key);
      log('[tiksaver web] unhandled promise rejection (a bug, please report it; the server keeps serving):', reason);
    }
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
