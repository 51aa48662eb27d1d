/** `items` cut into at most `count` contiguous, non-empty parts of about equal size, in order. */
export function splitInto<T>(items: T[], count: number): T[][] {
  const size = Math.ceil(items.length / count);
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
