/**
 * Zod value parsers for provider ids, lists of them and per-provider records. The ids are
 * the registry's keys, so a provider's one registry line makes its id known to --provider,
 * exclude, timeouts.<id> and TIKSAVER_<ID>_URL alike.
 */
import * as z from 'zod';
import { fail } from './config-values.js';
import { PROVIDER_IDS, type ProviderId } from './registry.js';

export const providerId = z.string().transform((value, ctx) => {
  const id = value.trim().toLowerCase();
  return (PROVIDER_IDS as readonly string[]).includes(id) ? (id as ProviderId) : fail(ctx, `unknown provider "${value}" (known: ${PROVIDER_IDS.join(', ')})`);
});

export const idList = z
  .union([z.string().transform((s) => s.split(',').filter((x) => x.trim())), z.array(z.string())])
  .pipe(z.array(providerId))
  .transform((ids) => [...new Set(ids)]);

/** A list that must name at least one provider (`--provider ,` would try nothing). */
export const nonEmptyIdList = idList.refine((ids) => ids.length > 0, `needs at least one provider id (${PROVIDER_IDS.join(', ')})`);

export const idRecord = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).transform((rec, ctx) => {
    const out: Partial<Record<ProviderId, z.output<T>>> = {};
    for (const [key, v] of Object.entries(rec)) {
      const id = key.trim().toLowerCase();
      if (!(PROVIDER_IDS as readonly string[]).includes(id)) return fail(ctx, `unknown provider "${key}" (known: ${PROVIDER_IDS.join(', ')})`);
      out[id as ProviderId] = v;
    }
    return out;
  });
