/**
 * Something the person typed (or asked for) that cannot be answered. Its message is shown to
 * them as is: it says what was wrong and what would work.
 */
export class InputError extends Error {
  override name = 'InputError';
}
