import { describe, expect, it } from 'vitest';
import { tokenizeCommand } from '../../src/query/tokenize-command.ts';

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
