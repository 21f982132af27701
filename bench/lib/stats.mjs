/**
 * What every benchmark does with its numbers: medians of rounds that alternate the sides
 * being compared, rounded the way the results table shows them. Lives under bench/lib/
 * because bench/run.mjs treats every bench/*.mjs as a benchmark.
 */

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of one field of a series of results. */
export function medianOf(results, key) {
  return median(results.map((r) => r[key]));
}

/** Rounded to `digits` decimals (two by default). */
export function round(value, digits = 2) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** "min-max" of a series, rounded: how much the rounds disagreed. */
export function spread(values) {
  return `${round(Math.min(...values))}-${round(Math.max(...values))}`;
}

/**
 * `rounds` rounds of every side, the order reversed every other round so that machine load
 * and warm caches hit every side alike. `sides` maps a name to a (possibly async) function;
 * the result maps each name to its series of results, in round order.
 */
export async function alternate(rounds, sides) {
  const names = Object.keys(sides);
  const series = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) series[name].push(await sides[name]());
  }
  return series;
}
