/**
 * Download progress. Live mode: one cli-progress bar per file (bytes, rate, ETA).
 * Plain mode: nothing per chunk (scripts want results, not noise), except with -v.
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import type { DownloadProgress } from '@tiksaver/core';
import { formatBytes, formatEta, formatRate, truncate } from './format.js';
import type { Terminal } from './terminal.js';

export interface ProgressView {
  update(index: number, progress: DownloadProgress): void;
  stop(): void;
}

export function createProgressView(term: Terminal, labels: string[]): ProgressView {
  if (term.mode !== 'live') {
    const lastStep = new Map<number, number>();
    return {
      update(index, p) {
        if (!term.verbose || !p.total) return;
        const step = Math.floor((p.bytes / p.total) * 4);
        if (step > (lastStep.get(index) ?? -1)) {
          lastStep.set(index, step);
          term.err(`progress ${labels[index] ?? index + 1} ${p.bytes}/${p.total} bytes`);
        }
      },
      stop() {},
    };
  }
  const nameWidth = Math.min(28, Math.max(...labels.map((l) => l.length), 8));
  const multi = new MultiBar(
    {
      stream: term.stderr,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: Math.max(8, Math.min(30, term.columns - nameWidth - 56)),
      barCompleteChar: '█',
      barIncompleteChar: '░',
      fps: 8,
      format: (options, params, payload: { name: string; size: string; rate: string; eta: string }) => {
        const size = options.barsize ?? 20;
        const done = params.total > 0 ? Math.round(params.progress * size) : 0;
        // No colour codes inside the line: cli-progress cuts lines at the terminal width by
        // raw length, escape codes included.
        const bar = params.total > 0 ? '█'.repeat(done) + '░'.repeat(size - done) : '·'.repeat(size);
        const pct = params.total > 0 ? `${Math.floor(params.progress * 100)}%`.padStart(4) : '  ? ';
        return `  ${payload.name.padEnd(nameWidth)} ${bar} ${pct}  ${payload.size.padEnd(19)} ${payload.rate.padStart(11)}  ${payload.eta}`;
      },
    },
  );
  // Files of a post download concurrently from about now; the average rate counts from here.
  const started = labels.map(() => Date.now());
  const bars: SingleBar[] = labels.map((label) =>
    multi.create(1, 0, { name: truncate(label, nameWidth), size: '', rate: '', eta: 'ETA --' }),
  );
  return {
    update(index, p) {
      const bar = bars[index];
      if (!bar) return;
      const total = p.total ?? 0;
      // The smoothed rate is 0 for files that arrive in one burst; show the average then.
      const elapsed = (Date.now() - started[index]!) / 1000;
      const rate = p.rate > 0 ? p.rate : elapsed > 0 ? p.bytes / elapsed : 0;
      if (total && bar.getTotal() !== total) bar.setTotal(total);
      bar.update(total ? Math.min(p.bytes, total) : 0, {
        size: total ? `${formatBytes(p.bytes)} / ${formatBytes(total)}` : formatBytes(p.bytes),
        rate: formatRate(rate),
        eta: total && p.bytes >= total ? 'done' : `ETA ${formatEta(p.etaSec)}`,
      });
    },
    stop() {
      multi.stop();
    },
  };
}
