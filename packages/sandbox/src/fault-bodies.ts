/**
 * Body rewrites for the 'malformed' and 'schema-drift' faults: what a parser meets when a
 * site ships a broken deploy or renames its fields.
 */

const DATA_SCRIPT = /(<script[^>]*\bid="(?:__UNIVERSAL_DATA_FOR_REHYDRATION__|SIGI_STATE|sigi-persisted-data|__NEXT_DATA__)"[^>]*>)([\s\S]*?)(<\/script>)/;

/** Envelope keys a drifted JSON keeps, so the drift is in the payload, not in the status. */
const ENVELOPE = new Set(['status', 'code', 'success', 'msg', 'message', 'error', 'statusCode', 'statusMsg']);

export function malformBody(body: Buffer, contentType: string): Buffer {
  const text = body.toString('utf8');
  if (DATA_SCRIPT.test(text)) {
    // The data script loses its second half: JSON.parse must fail.
    return Buffer.from(text.replace(DATA_SCRIPT, (_m, open: string, json: string, close: string) => open + json.slice(0, Math.floor(json.length / 2)) + close));
  }
  if (/json|javascript|x-component/.test(contentType) || /^\s*[{[]/.test(text)) {
    return Buffer.from(text.slice(0, Math.floor(text.length * 0.6)) + ',"\u0000');
  }
  if (/html|text/.test(contentType)) {
    return Buffer.from(text.slice(0, Math.floor(text.length / 2)).replace(/<\/?(body|html)>/g, '') + '<div class="');
  }
  return body.subarray(0, Math.floor(body.length / 2));
}

function renameKeys(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = depth === 0 && ENVELOPE.has(k) ? k : `${k}V2`;
    out[key] = renameKeys(v, depth + 1);
  }
  return out;
}

/** Flavour 1: video-detail's itemInfo renamed. Flavour 2: item fields renamed or dropped deep inside. */
function driftScope(data: Record<string, unknown>, flavour: number): unknown {
  const scope = data.__DEFAULT_SCOPE__ as Record<string, unknown> | undefined;
  if (scope) {
    const detail = (scope['webapp.reflow.video.detail'] ?? scope['webapp.video-detail']) as Record<string, unknown> | undefined;
    if (detail && flavour !== 2) {
      detail.itemData = detail.itemInfo;
      delete detail.itemInfo;
    } else if (detail) {
      const item = (detail.itemInfo as { itemStruct?: Record<string, unknown> } | undefined)?.itemStruct;
      if (item) driftItem(item);
    }
    const user = scope['webapp.user-detail'] as Record<string, unknown> | undefined;
    if (user) {
      user.userData = user.userInfo;
      delete user.userInfo;
    }
    return data;
  }
  if (data.ItemModule) {
    if (flavour === 2) for (const item of Object.values(data.ItemModule as Record<string, Record<string, unknown>>)) driftItem(item);
    else {
      data.ItemModuleV2 = data.ItemModule;
      delete data.ItemModule;
    }
    return data;
  }
  return renameKeys(data, 0);
}

function driftItem(item: Record<string, unknown>): void {
  delete item.author;
  const video = item.video as Record<string, unknown> | undefined;
  if (video) {
    video.play_addr = video.playAddr;
    delete video.playAddr;
    video.bitrate_info = video.bitrateInfo;
    delete video.bitrateInfo;
  }
  if (item.imagePost) {
    item.image_post = item.imagePost;
    delete item.imagePost;
  }
  const music = item.music as Record<string, unknown> | undefined;
  if (music) {
    music.play_url = music.playUrl;
    delete music.playUrl;
  }
}

export function driftBody(body: Buffer, contentType: string, flavour: number): Buffer {
  const text = body.toString('utf8');
  if (DATA_SCRIPT.test(text)) {
    return Buffer.from(
      text.replace(DATA_SCRIPT, (m, open: string, json: string, close: string) => {
        try {
          return open + JSON.stringify(driftScope(JSON.parse(json) as Record<string, unknown>, flavour)) + close;
        } catch {
          return m;
        }
      }),
    );
  }
  if (/x-component/.test(contentType)) {
    // RSC flight rows "<id>:<json>": drift each JSON row.
    return Buffer.from(
      text
        .split('\n')
        .map((line) => {
          const m = /^([0-9a-f]+):(.*)$/.exec(line);
          if (!m) return line;
          try {
            return `${m[1]}:${JSON.stringify(renameKeys(JSON.parse(m[2]!), 0))}`;
          } catch {
            return line;
          }
        })
        .join('\n'),
    );
  }
  if (/json/.test(contentType) || /^\s*[{[]/.test(text)) {
    try {
      return Buffer.from(JSON.stringify(renameKeys(JSON.parse(text), 0)));
    } catch {
      return body;
    }
  }
  if (/html|javascript/.test(contentType)) {
    // Markup drift: every class and id gets a new name.
    return Buffer.from(text.replace(/\b(class|id)=(\\?")([^"\\]*)(\\?")/g, (_m, attr: string, q1: string, v: string, q2: string) => `${attr}=${q1}${v.split(/\s+/).map((c) => (c ? `${c}-x7` : c)).join(' ')}${q2}`));
  }
  return body;
}
