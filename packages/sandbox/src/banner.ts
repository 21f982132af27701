/** What `pnpm sandbox` prints: the host map, the env line and both links of every scenario. */
import type { Sandbox } from './types.js';

export function formatBanner(sb: Sandbox): string {
  const lines: string[] = ['tiksaver sandbox is up (127.0.0.1 only). Host map:', ''];
  for (const e of sb.hostMap) lines.push(`  ${e.pattern.padEnd(24)} -> ${e.origin}`);
  lines.push('', `TIKSAVER_HOST_MAP='${sb.hostMapString}'`, '', 'Scenarios (paste the link or the short link):', '');
  for (const s of sb.scenarios) {
    lines.push(`  ${s.id.padEnd(20)} ${s.title}`, `  ${''.padEnd(20)} ${s.link}`, `  ${''.padEnd(20)} ${s.shortLink}`);
  }
  const tiktok = sb.urls.tiktok;
  if (tiktok) {
    const first = sb.scenarios[0]!;
    lines.push(
      '',
      `Try: curl -s -H 'Host: www.tiktok.com' '${tiktok}${new URL(first.link).pathname}' | head -c 600`,
      `     curl -si -H 'Host: vm.tiktok.com' '${tiktok}${new URL(sb.scenario('video-post').shortLink).pathname}'`,
      `     curl -s -X POST '${tiktok}/__sandbox/fault' -d '{"host":"www.tiktok.com","kind":"status-429","times":1}'`,
    );
  }
  lines.push('', 'Ctrl-C to stop.');
  return lines.join('\n');
}
