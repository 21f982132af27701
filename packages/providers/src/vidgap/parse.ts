/**
 * VidGap's answer: React Server Components "flight" text, one row per line
 * `<hexId>:<json>`; the action's return value is row `1:` (services.md §4a). The document
 * may sit under `data`; `processed: false` is a failure with `failureKind`/`errorMessage`.
 */
import * as z from 'zod';
import { vidgapError, vidgapFailure } from './errors.js';

/** RSC encodes `undefined` as "$undefined" and escapes strings starting with "$" as "$$". */
function reviveFlight(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('$')) return value;
  if (value === '$undefined') return undefined;
  if (value.startsWith('$$')) return value.slice(1);
  return value;
}

/** All JSON rows by id; non-JSON rows (`I[...]`, `T...` text chunks) are skipped. */
export function parseFlightRows(text: string): Map<string, unknown> {
  const rows = new Map<string, unknown>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+):(.*)$/s.exec(line.trim());
    if (!match) continue;
    const [, id = '', payload = ''] = match;
    if (!/^[[{"\dtfn-]/.test(payload)) continue;
    try {
      rows.set(id, JSON.parse(payload, reviveFlight));
    } catch {
      /* a row we do not need may be partial or typed; only row 1 matters */
    }
  }
  return rows;
}

const str = z.string().nullish();
/** Metadata: kept when it has the expected type, dropped otherwise (media fields stay strict). */
const meta = z.string().nullish().catch(undefined);
const num = z.union([z.number(), z.string()]).nullish().catch(undefined);
const id = z.union([z.string(), z.number()]).transform(String).nullish().catch(undefined);
const Image = z.union([z.string(), z.object({ url: str, displayImage: str, downloadUrl: str }).loose()]);

export const VidgapDocument = z
  .object({
    processed: z.boolean().nullish(),
    failureKind: str,
    errorMessage: str,
    _id: id,
    contentId: id,
    video_id: id,
    data_type: meta,
    username: meta,
    title: meta,
    desc: meta,
    duration: num,
    videoURL: str,
    hdVideoURL: str,
    wmURL: str,
    infSize: num,
    hdInfSize: num,
    musicURL: str,
    musicTitle: meta,
    musicAuthor: meta,
    musicUserName: meta,
    musicDuration: num,
    images: z.array(Image).nullish(),
    thumbnail: meta,
  })
  .loose();
export type VidgapDocument = z.infer<typeof VidgapDocument>;

export type ActionResult = { document: VidgapDocument } | { sessionId: string };

/** Row 1 -> the document, a queue session id, or a coded failure. */
export function parseActionResult(flight: string): ActionResult {
  const row = parseFlightRows(flight).get('1');
  if (row === undefined || row === null) {
    // services.md §4a: a missing row means "content unavailable or rate limited". We read it
    // as RATE_LIMITED: non-final, so the chain moves on, and it does not claim the post is gone.
    throw vidgapError('RATE_LIMITED', 'VidGap returned no result row (content unavailable or rate limited)', { path: 'flight.1' }, { retryAfterMs: 30_000 });
  }
  if (typeof row === 'string') return { sessionId: row };
  const outer = row as Record<string, unknown>;
  const candidate = outer['data'] && typeof outer['data'] === 'object' && !Array.isArray(outer['data']) ? outer['data'] : outer;
  const session = (candidate as Record<string, unknown>)['sessionId'] ?? (candidate as Record<string, unknown>)['session'];
  if (typeof session === 'string' && !('videoURL' in (candidate as object)) && !('processed' in (candidate as object))) {
    return { sessionId: session };
  }
  const parsed = VidgapDocument.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['flight', '1', ...(candidate === outer ? [] : ['data']), ...(issue?.path ?? [])].join('.');
    throw vidgapError('UPSTREAM_CHANGED', `VidGap result changed shape at ${path}: ${issue?.message ?? 'invalid'}`, { path });
  }
  if (parsed.data.processed === false) throw vidgapFailure(parsed.data.failureKind ?? undefined, parsed.data.errorMessage ?? undefined);
  return { document: parsed.data };
}
