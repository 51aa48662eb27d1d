/** Array helpers: typed arrays grown as they fill, lists cut into parts. */

type NumberArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

/**
 * A copy of a typed array in a new one twice as long (or `atLeast` long, if that is more), of
 * the same type: for columns filled a value at a time.
 */
export function growArray<T extends NumberArray>(array: T, atLeast = 0): T {
  const grown = new (array.constructor as new (length: number) => T)(Math.max(array.length * 2, atLeast));
  grown.set(array);
  return grown;
}

/** `items` cut into at most `count` contiguous, non-empty parts of about equal size, in order. */
export function splitInto<T>(items: T[], count: number): T[][] {
  const size = Math.ceil(items.length / count);
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
