import { useCallback, useRef, useState } from 'react';
import { ApiFailure, resolveLive, type ApiErrorBody, type ResolveInput, type WebReport } from './api.js';
import { applyEvent, finalRows, initialRows, type TraceRow } from './trace.js';

export interface ResolveState {
  busy: boolean;
  rows: TraceRow[];
  report?: WebReport;
  error?: ApiErrorBody;
  /** The user pressed Cancel. */
  cancelled?: boolean;
}

/** Runs one resolution with a live trace; a new run cancels the previous one. */
export function useResolve(labels: Record<string, string>) {
  const [state, setState] = useState<ResolveState>({ busy: false, rows: [] });
  const current = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    async (request: ResolveInput, plannedIds: string[]) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      let rows = initialRows(plannedIds, labels);
      setState({ busy: true, rows });
      try {
        const report = await resolveLive(
          request,
          (event) => {
            rows = applyEvent(rows, event, labels);
            setState((s) => ({ ...s, rows }));
          },
          controller.signal,
        );
        if (controller.signal.aborted) return;
        setState({ busy: false, rows: finalRows(rows, report, labels), report });
      } catch (error) {
        if (controller.signal.aborted) return;
        const body =
          error instanceof ApiFailure
            ? error.body
            : { code: 'NETWORK', message: 'Could not reach the tiksaver server.', hint: 'Check your connection and try again.' };
        setState({ busy: false, rows: [], error: body });
      }
    },
    [labels],
  );

  const cancel = useCallback(() => {
    current.current?.abort();
    setState((s) => ({
      busy: false,
      cancelled: true,
      rows: s.rows.map((row) => (row.status === 'running' || row.status === 'waiting' ? { ...row, status: 'cancelled' as const, reason: 'stopped by you' } : row)),
    }));
  }, []);

  const reset = useCallback(() => {
    current.current?.abort();
    setState({ busy: false, rows: [] });
  }, []);

  return { state, run, reset, cancel };
}
