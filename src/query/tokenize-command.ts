import { InputError } from '../domain/errors.ts';
import { echoInput } from './echo-input.ts';

export interface Token {
  text: string;
  /** True when any part of it was quoted: then it is a name, never a keyword. */
  quoted: boolean;
}

/**
 * The longest command text read, in characters. Slack sets no limit of its own below a message's
 * 40,000; the longest sensible command (a digest with a channel, a quoted app name and a
 * category) is a few hundred characters.
 */
export const MAX_COMMAND_LENGTH = 4000;

// Slack turns typed quotes into curly ones; treat them as the straight quote they stand for.
const CLOSING_QUOTE: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['”', '”'],
  ['‘', '’'],
  ['’', '’'],
  ['„', '“'],
]);

/** Whether `char` closes a quote opened with the quote whose closing is `closing` (a straight " and a curly ” close each other). */
function closes(char: string, closing: string): boolean {
  return char === closing || (closing === '”' && char === '"') || (closing === '"' && char === '”');
}

/** Counts the characters a scan looks at: the tests hold the tokenizer to one look per character. */
export interface ScanCounter {
  steps: number;
}

/**
 * Splits command text into words; quotes ("…", '…', “…”) at the start of a word, or after
 * `category:`, keep spaces inside one word. An apostrophe inside a word ("Bob's") is just a letter.
 * One pass: every character is looked at once. Text longer than MAX_COMMAND_LENGTH is refused
 * before it is read.
 */
export function tokenizeCommand(text: string, counter: ScanCounter = { steps: 0 }): Token[] {
  refuseLongCommand(text);
  const tokens: Token[] = [];
  let current = '';
  let quoted = false;
  let inToken = false;
  // Quotes and spaces are single UTF-16 units, never halves of a surrogate pair: code units will do.
  for (let i = 0; i < text.length; i++) {
    counter.steps++;
    const char = text[i]!;
    if (/\s/.test(char)) {
      if (inToken) tokens.push({ text: current, quoted });
      current = '';
      quoted = false;
      inToken = false;
      continue;
    }
    const closing = CLOSING_QUOTE.get(char);
    // A quote opens a name only at the start of a word or after `category:`; elsewhere it is an apostrophe.
    if (closing !== undefined && (!inToken || current.endsWith(':'))) {
      let end = i + 1;
      while (end < text.length && !closes(text[end]!, closing)) {
        counter.steps++;
        end++;
      }
      if (end === text.length) {
        const after = current === '' ? '' : ` after "${echoInput(current)}"`;
        throw new InputError(`The quote ${char}${after} is never closed; put the closing ${closing} after the name.`);
      }
      counter.steps++;
      current += text.slice(i + 1, end);
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

function refuseLongCommand(text: string): void {
  // Code points, as people count characters; only counted when the UTF-16 length is over the limit.
  if (text.length <= MAX_COMMAND_LENGTH) return;
  const length = Array.from(text).length;
  if (length <= MAX_COMMAND_LENGTH) return;
  throw new InputError(
    `That command is ${length.toLocaleString('en-US')} characters long; commands are at most ${MAX_COMMAND_LENGTH.toLocaleString('en-US')}. Say \`help\` for what a command looks like.`,
  );
}
