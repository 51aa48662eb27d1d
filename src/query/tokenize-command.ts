import { InputError } from '../domain/errors.ts';

export interface Token {
  text: string;
  /** True when any part of it was quoted: then it is a name, never a keyword. */
  quoted: boolean;
}

// Slack turns typed quotes into curly ones; treat them as the straight quote they stand for.
const CLOSING_QUOTE: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’', '’': '’', '„': '“' };

/**
 * Splits command text into words; quotes ("…", '…', “…”) at the start of a word, or after
 * `category:`, keep spaces inside one word. An apostrophe inside a word ("Bob's") is just a letter.
 */
export function tokenizeCommand(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let quoted = false;
  let inToken = false;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (/\s/.test(char)) {
      if (inToken) tokens.push({ text: current, quoted });
      current = '';
      quoted = false;
      inToken = false;
      continue;
    }
    const closing = CLOSING_QUOTE[char];
    // A quote opens a name only at the start of a word or after `category:`; elsewhere it is an apostrophe.
    if (closing !== undefined && (!inToken || current.endsWith(':'))) {
      const end = chars.findIndex((c, j) => j > i && (c === closing || (closing === '”' && c === '"') || (closing === '"' && c === '”')));
      if (end === -1) throw new InputError(`The quote ${char} after "${current}" is never closed; put the closing ${closing} after the name.`);
      current += chars.slice(i + 1, end).join('');
      quoted = true;
      inToken = true;
      i = end;
      continue;
    }
    current += char;
    inToken = true;
  }
  if (inToken) tokens.push({ text: current, quoted });
  return tokens;
}
