/** Left-aligned text columns for the providers and compare tables. */
import { visibleLength } from './format.js';

export function renderTable(header: string[], rows: string[][], gap = 2): string[] {
  const widths = header.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell) + gap)))
      .join('')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
