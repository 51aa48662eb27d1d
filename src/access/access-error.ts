/** A refusal: the caller may not see this, or could not be identified. The message says why and what to do. */
export class AccessError extends Error {
  override name = 'AccessError';
}
