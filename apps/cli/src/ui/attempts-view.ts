/**
 * One line per provider attempt. Live mode keeps a block of lines (pending, trying with a
 * ticking clock, then ok / failed / skipped / cancelled) and redraws it in place; plain
 * mode prints one parseable line when an attempt ends:
 *   attempt <provider> <outcome> <ms>ms [<CODE>] <reason>
 */
import { describeReason, type Attempt, type ResolveEvent, type Resolution } from '@tiksaver/core';
import { flagOf } from '../setting-flags.js';
import { codeWords, formatMs, oneLine, truncate } from './format.js';
import { describeRoutes } from './routes-line.js';
import type { Terminal } from './terminal.js';

interface Row {
  provider: string;
  state: 'pending' | 'trying' | Attempt['outcome'];
  startedAt?: number;
  attempt?: Attempt;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** "story: 1 video + 1 audio (720p HD)" */
export function describeFound(result: Resolution | undefined): string {
  if (!result) return '';
  const counts = new Map<string, number>();
  for (const item of result.items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  const parts = [...counts].map(([type, n]) => `${n} ${type}${n > 1 ? 's' : ''}`);
  const quality = result.items.find((i) => i.type === 'video')?.quality;
  return `${result.kind}: ${parts.join(' + ') || 'no media'}${quality ? ` (${quality})` : ''}`;
}

export function attemptReason(attempt: Attempt): string {
  if (attempt.outcome === 'ok') return describeFound(attempt.result);
  if (attempt.error) return `${codeWords(attempt.error.code)} (${attempt.error.code}): ${oneLine(attempt.error.message)}`;
  return attempt.reason ? oneLine(describeReason(attempt.reason, flagOf)) : '';
}

export class AttemptsView {
  private rows: Row[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;

  constructor(private readonly term: Terminal) {}

  private started = false;

  /** The providers that will be tried, in order (shown as pending once the link is known to be usable). */
  start(order: string[]): void {
    this.rows = order.map((provider) => ({ provider, state: 'pending' }));
  }

  private begin(): void {
    if (this.started || this.term.mode !== 'live') return;
    this.started = true;
    this.draw();
    this.timer = setInterval(() => {
      this.frame++;
      this.draw();
    }, 120);
    this.timer.unref();
  }

  private row(provider: string): Row {
    let row = this.rows.find((r) => r.provider === provider);
    if (!row) {
      row = { provider, state: 'pending' };
      this.rows.push(row);
    }
    return row;
  }

  onEvent(event: ResolveEvent): void {
    if (event.type === 'link') {
      const { link } = event;
      if (link.expandedFrom && link.url && !this.term.quiet) {
        this.term.err(this.term.mode === 'live' ? this.term.c.dim(`  short link ${link.expandedFrom} → ${link.url}`) : `link ${link.url} expanded-from=${link.expandedFrom}`);
      }
      // A wrong or invalid link ends before any provider runs: no pending rows for it.
      if (['story', 'video', 'photo'].includes(link.kind)) this.begin();
      return;
    }
    if (event.type === 'done') return;
    this.begin();
    if (event.type === 'attempt-start') {
      const row = this.row(event.provider);
      row.state = 'trying';
      row.startedAt = Date.now();
      if (this.term.mode === 'plain' && this.term.verbose) this.term.err(`trying ${event.provider}`);
    } else if (event.type === 'attempt-end') {
      const row = this.row(event.attempt.provider);
      row.state = event.attempt.outcome;
      row.attempt = event.attempt;
      if (this.term.mode === 'plain' && !this.term.quiet) {
        this.term.err(this.plainLine(event.attempt));
        const routes = this.term.verbose ? describeRoutes(event.attempt) : undefined;
        if (routes) this.term.err(`routes ${event.attempt.provider} ${routes}`);
      }
    } else {
      return;
    }
    if (this.term.mode === 'live') this.draw();
  }

  private plainLine(a: Attempt): string {
    const code = a.error ? ` ${a.error.code}` : '';
    // The code is its own field here; the reason is the provider's message alone.
    const reason = a.error ? oneLine(a.error.message) : attemptReason(a);
    const time = a.outcome === 'skipped' || a.durationMs === undefined ? '-' : `${Math.round(a.durationMs)}ms`;
    return `attempt ${a.provider} ${a.outcome} ${time}${code}${reason ? ` ${reason}` : ''}`;
  }

  private liveLine(row: Row): string {
    const { c } = this.term;
    const width = Math.max(20, this.term.columns - 1);
    const name = row.provider.padEnd(9);
    const a = row.attempt;
    let icon: string;
    let state: string;
    let time = '';
    let reason = '';
    switch (row.state) {
      case 'pending':
        icon = c.dim('·');
        state = c.dim('pending');
        break;
      case 'trying':
        icon = c.cyan(SPINNER[this.frame % SPINNER.length]!);
        state = c.cyan('trying');
        time = formatMs(Date.now() - (row.startedAt ?? Date.now()));
        break;
      case 'ok':
        icon = c.green('✓');
        state = c.green('ok');
        break;
      case 'failed':
        icon = c.red('✗');
        state = c.red('failed');
        break;
      case 'skipped':
        icon = c.dim('–');
        state = c.dim('skipped');
        break;
      default:
        icon = c.yellow('○');
        state = c.yellow('cancelled');
    }
    if (a) {
      time = a.durationMs !== undefined && a.outcome !== 'skipped' ? formatMs(a.durationMs) : '';
      reason = attemptReason(a);
    }
    const fixed = 2 + 2 + 10 + 10 + 9;
    const plainState = row.state.padEnd(9);
    const text = truncate(reason, width - fixed);
    return `  ${icon} ${name} ${state}${' '.repeat(plainState.length - row.state.length + 1)}${time.padStart(8)}  ${row.state === 'failed' ? text : c.dim(text)}`;
  }

  private draw(): void {
    let out = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
    let lines = 0;
    for (const row of this.rows) {
      out += `\x1b[2K${this.liveLine(row)}\n`;
      lines++;
      // -v: the page routes under the provider that tried them ("mobile page: ok; desktop page: stub").
      const routes = this.term.verbose && row.attempt ? describeRoutes(row.attempt) : undefined;
      if (routes) {
        out += `\x1b[2K    ${this.term.c.dim(truncate(`routes: ${routes}`, Math.max(20, this.term.columns - 5)))}\n`;
        lines++;
      }
    }
    this.drawn = lines;
    this.term.write(out);
  }

  /** Freezes the block (or erases it, when a table follows); later output goes below. */
  finish(options: { erase?: boolean } = {}): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.term.mode !== 'live' || !this.started) return;
    if (options.erase && this.drawn > 0) {
      this.term.write(`\x1b[${this.drawn}F${'\x1b[2K\n'.repeat(this.drawn)}\x1b[${this.drawn}F`);
      this.drawn = 0;
    } else {
      this.draw();
    }
  }
}
