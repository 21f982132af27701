/** `tiksaver providers`: ids, capabilities, base URLs, configured or not. */
import type { Hint, Provider } from '@tiksaver/core';
import { cliHint } from '../setting-flags.js';
import { renderTable } from './table.js';
import type { Colors } from './terminal.js';

function mediaCell(p: Provider): string {
  const parts = Object.entries(p.capabilities.media).map(([kind, media]) => `${kind}:${(media ?? []).join('+')}`);
  return parts.join(' ') || '-';
}

/** The provider's own reason ("not configured (set --cobalt-url)", "excluded (exclude setting)"). */
function disabledText(reason: Hint | undefined): string {
  return (reason === undefined ? '' : cliHint(reason)) || 'not configured';
}

export function renderProviders(providers: readonly Provider[], c: Colors): string[] {
  const header = ['ID', 'NAME', 'LINKS', 'MEDIA', 'BASE URL', 'STATUS'].map((h) => c.bold(h));
  const rows = providers.map((p) => [
    p.id,
    p.label,
    p.capabilities.linkKinds.join(','),
    mediaCell(p),
    p.baseUrl ?? '-',
    p.enabled === false ? c.yellow(disabledText(p.disabledReason)) : c.green('ready'),
  ]);
  const lines = renderTable(header, rows);
  const notes = providers.filter((p) => p.capabilities.notes);
  if (notes.length) {
    lines.push('');
    for (const p of notes) lines.push(`${c.bold(p.id)}: ${p.capabilities.notes}`);
  }
  lines.push('', c.dim('Order = default try order. Change it with --provider a,b and --exclude c.'));
  return lines;
}
