/**
 * How a piece of what someone typed is shown back in a message: on one line (newlines, tabs and
 * other control characters become spaces, runs of spaces one), without bidi controls that could
 * reorder the text around it, and clipped, so that an error about a long word stays short.
 */
const CONTROLS = /[\p{Cc}\u2028\u2029\s]+/gu;
// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the text after them.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The longest echo of typed text in a message, in characters. */
export const MAX_ECHO_LENGTH = 80;

export function echoInput(text: string, max: number = MAX_ECHO_LENGTH): string {
  // Looks at most a few times `max` characters: the rest is cut anyway.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const line = head.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').trim();
  const chars = Array.from(line);
  if (chars.length <= max && head.length === text.length) return line;
  return `${chars.slice(0, max - 1).join('')}…`;
}
