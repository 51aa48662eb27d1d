/** Excel's column letters for a 1-based column number: 1 → A, 27 → AA. */
export function toColumnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > 16_384) throw new RangeError(`No Excel column ${column}`);
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
