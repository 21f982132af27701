/**
 * Reads a nested value from parsed page or API JSON without trusting its shape: undefined as
 * soon as a step is not an object (TikTok's layouts drift, so no step may throw).
 */
export function getPath(value: unknown, ...path: (string | number)[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
