/**
 * Output names in the spirit of yt-dlp's -o: {author} {id} {kind} {index} {date}
 * {provider} {caption} {ext} {type} {quality}, with a length limit as {caption:40}.
 * Field values can never create directories; "/" in the template itself can, but the
 * result always stays inside the output directory.
 */
import path from 'node:path';
import { TiksaverError } from '../errors.js';
import type { TemplateFields } from './types.js';
import { sanitizeFilename } from './sanitize.js';

export const DEFAULT_TEMPLATE = '{author}_{id}{index}.{ext}';

const FIELDS = new Set(['author', 'id', 'kind', 'index', 'date', 'provider', 'caption', 'ext', 'type', 'quality', 'count']);

export interface RenderOptions {
  restrictFilenames?: boolean;
}

/** Renders a template to a relative path with "/" separators, each segment sanitised. */
export function renderTemplate(template: string, fields: TemplateFields, options: RenderOptions = {}): string {
  const source = (template || DEFAULT_TEMPLATE).replace(/\\/g, '/');
  if (source.startsWith('/') || /^[A-Za-z]:/.test(source)) {
    throw new TiksaverError('INVALID_INPUT', `Output template "${template}" must be relative; choose the directory with -P`);
  }
  const literal = source.split('/').filter((s) => s !== '' && s !== '.');
  if (literal.some((s) => s === '..')) {
    throw new TiksaverError('INVALID_INPUT', `Output template "${template}" would leave the output directory ("..")`);
  }
  // Each template segment renders on its own: values can never add or climb directories.
  const segments = literal.map((segment) => renderSegment(segment, fields)).filter((s) => s.trim() !== '');
  if (segments.length === 0) throw new TiksaverError('INVALID_INPUT', `Output template "${template}" renders an empty name`);
  const withExt = source.includes('{ext}') ? segments : appendExt(segments, fields.ext);
  return withExt.map((s) => sanitizeFilename(s, { restrict: options.restrictFilenames ?? false })).join('/');
}

function renderSegment(segment: string, fields: TemplateFields): string {
  return segment.replace(/\{([a-z]+)(?::(\d+))?\}/gi, (whole, rawName: string, limit?: string) => {
    const name = rawName.toLowerCase();
    if (!FIELDS.has(name)) {
      throw new TiksaverError('INVALID_INPUT', `Unknown field ${whole} in output template; use ${[...FIELDS].map((f) => `{${f}}`).join(' ')}`);
    }
    let value = fieldValue(name, fields).replace(/[/\\]/g, '_');
    if (limit !== undefined) value = [...value].slice(0, Number(limit)).join('').trimEnd();
    return value;
  });
}

/** Joins dir and the rendered template and proves the result stays inside dir. */
export function outputPath(dir: string, template: string | undefined, fields: TemplateFields, options: RenderOptions = {}): string {
  return insideDir(dir, renderTemplate(template ?? DEFAULT_TEMPLATE, fields, options));
}

/** The absolute path of a rendered name under dir, proved to stay inside it. */
export function insideDir(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, relative);
  if (!target.startsWith(root + path.sep)) {
    throw new TiksaverError('INVALID_INPUT', `Output name would leave the output directory ${root}`);
  }
  return target;
}

function appendExt(segments: string[], ext: string): string[] {
  const last = segments[segments.length - 1]!;
  const clean = cleanExt(ext);
  return clean && !last.toLowerCase().endsWith(`.${clean}`) ? [...segments.slice(0, -1), `${last}.${clean}`] : segments;
}

function cleanExt(ext: string): string {
  return String(ext ?? '').replace(/^\./, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function fieldValue(name: string, fields: TemplateFields): string {
  switch (name) {
    case 'author':
      return fields.author?.replace(/^@/, '') || 'unknown';
    case 'index': {
      const multi = fields.index !== undefined && (fields.count === undefined || fields.count > 1);
      if (!multi) return '';
      const width = Math.max(2, String(fields.count ?? fields.index).length);
      return `_${String(fields.index).padStart(width, '0')}`;
    }
    case 'count':
      return fields.count !== undefined ? String(fields.count) : '';
    case 'date':
      return formatDate(fields.date);
    case 'ext':
      return cleanExt(fields.ext) || 'bin';
    default: {
      const value = fields[name as keyof TemplateFields];
      return value === undefined || value === null ? '' : String(value).replace(/\s+/g, ' ').trim();
    }
  }
}

/** ISO timestamps become YYYYMMDD (yt-dlp's upload_date); anything else passes through. */
function formatDate(value: string | undefined): string {
  if (!value) return '';
  if (/^\d{8}$/.test(value)) return value;
  const time = /^\d+$/.test(value) ? Number(value) * (value.length <= 10 ? 1000 : 1) : Date.parse(value);
  if (Number.isNaN(time)) return value;
  return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}
