import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.ts';
import { MAX_COMMAND_LENGTH, type ScanCounter, tokenizeCommand } from '../../src/query/tokenize-command.ts';

describe('tokenizeCommand', () => {
  it('keeps quoted spaces, including curly quotes Slack substitutes and quotes after category:', () => {
    expect(tokenizeCommand('app "Super App"  7d category:"Food & Beverage" “Lite 轻”')).toEqual([
      { text: 'app', quoted: false },
      { text: 'Super App', quoted: true },
      { text: '7d', quoted: false },
      { text: 'category:Food & Beverage', quoted: true },
      { text: 'Lite 轻', quoted: true },
    ]);
  });
  it('keeps apostrophes inside words', () => {
    expect(tokenizeCommand("app Bob's Bob’s")).toEqual([
      { text: 'app', quoted: false },
      { text: "Bob's", quoted: false },
      { text: 'Bob’s', quoted: false },
    ]);
  });
  it('refuses an unclosed quote', () => {
    expect(() => tokenizeCommand('app "Super App 7d')).toThrow(/never closed/);
  });
});

describe('tokenizeCommand on long text', () => {
  const steps = (text: string) => {
    const counter: ScanCounter = { steps: 0 };
    try {
      tokenizeCommand(text, counter);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
    return counter.steps;
  };
  // Worst cases of a quadratic scan: many quotes, many apostrophes, a quote left open at the end.
  const shapes: Record<string, (size: number) => string> = {
    quotes: (size) => `app ${'"a" '.repeat(size / 4)}`,
    curly: (size) => `app ${'“a” '.repeat(size / 4)}`,
    categories: (size) => `app ${'category:"a" '.repeat(size / 13)}`,
    apostrophes: (size) => `app x${"'".repeat(size)}`,
    open: (size) => `app ${'"a" '.repeat(size / 8)}"${'a'.repeat(size / 2)}`,
  };
  it.each(Object.keys(shapes))('looks at each character once (%s)', (shape) => {
    const make = shapes[shape]!;
    for (const size of [1000, 3900]) {
      const text = make(size);
      expect(steps(text)).toBe(text.length);
    }
  });
  it('refuses text over 4,000 characters before reading it, saying how long it is', () => {
    const text = `app ${'a '.repeat(20_000)}`;
    const counter: ScanCounter = { steps: 0 };
    expect(() => tokenizeCommand(text, counter)).toThrow(
      new InputError('That command is 40,004 characters long; commands are at most 4,000. Say `help` for what a command looks like.'),
    );
    expect(counter.steps).toBe(0);
  });
  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(tokenizeCommand(`app ${'😀'.repeat(MAX_COMMAND_LENGTH - 4)}`)).toHaveLength(2);
    expect(() => tokenizeCommand(`app ${'😀'.repeat(MAX_COMMAND_LENGTH - 3)}`)).toThrow(/4,001 characters long/);
  });
  it('clips what it echoes of an unclosed quote to one short line', () => {
    const error = (() => {
      try {
        tokenizeCommand(`category:${'x'.repeat(2000)}\u202e:"name\nmore`);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message.length).toBeLessThan(200);
    expect(error!.message).not.toMatch(/[\n\u202e]/);
    expect(error!.message).toMatch(/^The quote " after "category:x+…" is never closed/);
  });
});
