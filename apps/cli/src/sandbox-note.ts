/** What --sandbox prints: where the demo runs, and (without links) the demo links to try. */
import type { SandboxWiring } from '@tiksaver/providers';
import type { Terminal } from './ui/terminal.js';

/** The running sandbox: its wiring (for loadConfig) and what the note shows. */
export interface SandboxHandle extends SandboxWiring {
  scenarios: ReadonlyArray<{ id: string; title: string; link: string; shortLink?: string }>;
  close(): Promise<void> | void;
}

export function printSandboxNote(term: Terminal, sandbox: SandboxHandle, listLinks: boolean): void {
  const { c } = term;
  const cOut = term.cOut;
  const hosts = new Set(Object.values(sandbox.urls)).size;
  if (term.mode === 'live') {
    term.err(c.yellow(`Sandbox: ${hosts} imitated sites on 127.0.0.1 (TikTok, its CDN and every resolver); nothing leaves this machine.`));
  } else if (!term.quiet) {
    term.err(`sandbox on 127.0.0.1 (${hosts} imitated services); offline demo`);
  }
  if (!listLinks) return;
  term.err('');
  term.err('Demo links (each is a different situation); try for example:');
  term.err(`  tiksaver --sandbox '${sandbox.scenarios[0]?.link ?? ''}'`);
  term.err(`  tiksaver --sandbox --stories @${sandbox.scenarios[0]?.link.split('/')[3]?.slice(1) ?? 'mila.travels'}   (a creator's current stories)`);
  term.err('');
  const width = Math.max(...sandbox.scenarios.map((s) => s.id.length));
  const linkWidth = Math.max(...sandbox.scenarios.map((s) => s.link.length));
  for (const s of sandbox.scenarios) {
    term.out(`${s.id.padEnd(width)}  ${s.link.padEnd(linkWidth)}  ${cOut.dim(s.title)}`);
    // The short link is what the Share button copies; some situations (a dead short link)
    // only show through it.
    if (s.shortLink) term.out(`${''.padEnd(width)}  ${s.shortLink}  ${cOut.dim('(its short link)')}`);
  }
}
