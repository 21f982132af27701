/**
 * What each upstream fault must end as: the one fault -> code table that the fault matrix,
 * the native fault test and the adapters' sandbox fault tests check against.
 *
 * ANY_PROVIDER lists the codes any provider may answer for a fault; PINNED narrows that
 * where one provider's reading is known exactly. 'ok' means a lenient parser may still
 * succeed (a drifted field it does not need).
 */
import type { ErrorCode } from '@tiksaver/core';
import type { FaultKind, ProviderId } from '@tiksaver/sandbox';

export type FaultOutcome = ErrorCode | 'ok';

const ANY_PROVIDER: Partial<Record<FaultKind, readonly FaultOutcome[]>> = {
  hang: ['TIMEOUT'],
  slow: ['TIMEOUT'],
  'status-500': ['NETWORK', 'UPSTREAM_CHANGED'],
  'status-429': ['RATE_LIMITED'],
  'status-503': ['RATE_LIMITED', 'NETWORK'],
  'status-403': ['BLOCKED'],
  // A service's endpoint gone says nothing about the post; TikTok's own 404 does.
  'status-404': ['NOT_FOUND', 'UPSTREAM_CHANGED'],
  reset: ['NETWORK'],
  truncate: ['NETWORK', 'UPSTREAM_CHANGED'],
  malformed: ['UPSTREAM_CHANGED'],
  'schema-drift': ['UPSTREAM_CHANGED', 'ok'],
  // tikwm is paced (1 request/s, reference/services.md) and every hop waits its turn, so a
  // 10-hop loop there ends on the time limit first: TIMEOUT is right for it too.
  'redirect-loop': ['UPSTREAM_CHANGED', 'NETWORK', 'TIMEOUT'],
  // The address guard refuses the unmapped loopback target like any private address.
  'redirect-private': ['BLOCKED'],
  oversize: ['UPSTREAM_CHANGED'],
};

/** Providers whose answer to a fault is one known reading, not the whole range above. */
const PINNED: Partial<Record<ProviderId, Partial<Record<FaultKind, readonly FaultOutcome[]>>>> = {
  native: {
    'status-500': ['NETWORK'],
    'schema-drift': ['UPSTREAM_CHANGED'],
    'redirect-loop': ['UPSTREAM_CHANGED', 'NETWORK'],
  },
  snaptik: {
    'status-500': ['NETWORK'],
    'schema-drift': ['UPSTREAM_CHANGED'],
    'redirect-loop': ['UPSTREAM_CHANGED'],
  },
  vidgap: {
    // Every VidGap path 404s, the home page first: the site changed, the post may be fine.
    'status-404': ['UPSTREAM_CHANGED'],
    'schema-drift': ['UPSTREAM_CHANGED'],
    'redirect-loop': ['UPSTREAM_CHANGED'],
  },
};

/** The outcomes that are right when `provider` meets `kind`. */
export function faultCodes(kind: FaultKind, provider: string): readonly FaultOutcome[] {
  const codes = PINNED[provider as ProviderId]?.[kind] ?? ANY_PROVIDER[kind];
  if (!codes) throw new Error(`no expected codes for fault ${kind}: add it to test/contract/fault-codes.ts`);
  return codes;
}
