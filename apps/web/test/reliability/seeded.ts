/** A small seeded PRNG (mulberry32) so a failing fuzz run can be replayed from its seed. */
export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  string(maxLength: number, alphabet?: string): string;
}

const DEFAULT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./%?&=#:@!$\'()*+,;~ "<>\\^`{|}\u00e9\u4e2d\ud83d\ude00';

export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (list) => list[int(list.length)]!,
    chance: (p) => next() < p,
    string(maxLength, alphabet = DEFAULT_ALPHABET) {
      const chars = [...alphabet];
      return Array.from({ length: int(maxLength + 1) }, () => chars[int(chars.length)]).join('');
    },
  };
}

/** Trial counts: the CI number, or the long one under `pnpm test:long` (TIKSAVER_TEST_LONG=1). */
export function trials(ci: number, long: number): number {
  return process.env.TIKSAVER_TEST_LONG === '1' ? long : ci;
}

export const FUZZ_SEED = Number(process.env.TIKSAVER_FUZZ_SEED ?? 20261202);
