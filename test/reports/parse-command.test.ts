import { describe, expect, it } from 'vitest';
import type { ParsedCommand } from '../../src/domain/commands.ts';
import { InputError } from '../../src/domain/errors.ts';
import { parseCommand } from '../../src/reports/parse-command.ts';
import { findForeignValue, generateCommandTexts } from '../support/command-fuzz.ts';

const stats = (text: string) => {
  const parsed = parseCommand(text);
  if (parsed.verb !== 'stats') throw new Error(`expected a stats command, got ${parsed.verb}`);
  return parsed;
};
const rejects = (text: string, message: RegExp) => {
  expect(() => parseCommand(text)).toThrow(InputError);
  expect(() => parseCommand(text)).toThrow(message);
};

describe('parseCommand', () => {
  it('treats empty text and help as help', () => {
    expect(parseCommand('')).toEqual({ verb: 'help' });
    expect(parseCommand('   ')).toEqual({ verb: 'help' });
    expect(parseCommand('HELP')).toEqual({ verb: 'help' });
  });

  it.each([
    ['1d', 1],
    ['7d', 7],
    ['30d', 30],
    ['1', 1],
    ['7', 7],
    ['30', 30],
    ['day', 1],
    ['week', 7],
    ['month', 30],
    ['MONTH', 30],
    ['30D', 30],
  ])('reads the period word %s', (word, days) => {
    expect(stats(`merchants ${word}`).stats.period).toBe(days);
  });

  it('reads words in any order and any case', () => {
    const a = stats('APP wallet 30D 2026-03-31 Category:Games').stats;
    const b = stats('app 2026-03-31 cat:Games 30d Wallet').stats;
    expect(a).toMatchObject({ kind: 'app', period: 30, date: { kind: 'day', day: '2026-03-31' }, category: 'Games', words: ['wallet'] });
    expect(b).toMatchObject({ kind: 'app', period: 30, date: { kind: 'day', day: '2026-03-31' }, category: 'Games', words: ['Wallet'] });
  });

  it('reads today and yesterday', () => {
    expect(stats('overview today').stats.date).toEqual({ kind: 'today' });
    expect(stats('overview Yesterday').stats.date).toEqual({ kind: 'yesterday' });
  });

  it('keeps app words and a bare category for later lookup; quoted words are names, not keywords', () => {
    expect(stats('breakdown "Super App" month games').stats).toMatchObject({ words: ['Super App', 'games'], period: 30 });
    expect(stats('app "7d"').stats).toMatchObject({ words: ['7d'], period: null });
    expect(stats('app 42').stats).toMatchObject({ words: ['42'] });
  });

  it('reads sort and metric options', () => {
    expect(stats('apps sort:miniprograms').stats.sort).toBe('miniPrograms');
    expect(stats('apps SORT:Users').stats.sort).toBe('users');
    expect(stats('app wallet metric:pv').stats.metric).toBe('pv');
    expect(stats('app wallet metric:new').stats.metric).toBe('newVisitors');
  });

  it('marks exports', () => {
    const parsed = stats('export breakdown wallet 30d');
    expect(parsed.export).toBe(true);
    expect(parsed.stats).toMatchObject({ kind: 'breakdown', words: ['wallet'], period: 30 });
  });

  it('reads `private` anywhere in a statistics command, an export too; quoted, it is a name', () => {
    expect(stats('app wallet 7d')).toMatchObject({ private: false });
    expect(stats('private app wallet 7d')).toMatchObject({ private: true, stats: { kind: 'app', words: ['wallet'], period: 7 } });
    expect(stats('app wallet PRIVATE 7d')).toMatchObject({ private: true, stats: { words: ['wallet'], period: 7 } });
    expect(stats('export apps private')).toMatchObject({ private: true, export: true, stats: { kind: 'apps' } });
    expect(stats('overview private 30d')).toMatchObject({ private: true, stats: { kind: 'overview', period: 30 } });
    expect(stats('app "private"')).toMatchObject({ private: false, stats: { words: ['private'] } });
    // Help, whoami and digest management are private anyway.
    expect(parseCommand('whoami private')).toEqual({ verb: 'whoami' });
    expect(parseCommand('private')).toEqual({ verb: 'help' });
  });

  it('reads the channel commands', () => {
    expect(parseCommand('channel list')).toEqual({ verb: 'channel', channel: { action: 'list' } });
    expect(parseCommand('Channel ALLOW <#C0123ABC|growth>')).toEqual({
      verb: 'channel',
      channel: { action: 'allow', channel: { id: 'C0123ABC', name: 'growth' } },
    });
    expect(parseCommand('channel revoke <#G0123ABC>')).toEqual({ verb: 'channel', channel: { action: 'revoke', channel: { id: 'G0123ABC', name: null } } });
    expect(parseCommand('channel allow C0123ABC')).toMatchObject({ channel: { channel: { id: 'C0123ABC' } } });
  });

  it('reads whoami and the digest commands', () => {
    expect(parseCommand('whoami')).toEqual({ verb: 'whoami' });
    expect(parseCommand('digest list')).toEqual({ verb: 'digest', digest: { action: 'list' } });
    expect(parseCommand('digest remove 12')).toEqual({ verb: 'digest', digest: { action: 'remove', id: 12 } });
    expect(parseCommand('digest preview #3')).toEqual({ verb: 'digest', digest: { action: 'preview', id: 3 } });
    expect(parseCommand('digest add <#C0123ABC|growth> weekly fri 8:30 app wallet 30d cat:Games')).toEqual({
      verb: 'digest',
      digest: {
        action: 'add',
        channel: { id: 'C0123ABC', name: 'growth' },
        cadence: 'weekly',
        weekday: 5,
        time: '08:30',
        content: { kind: 'app', period: 30, date: null, sort: null, words: ['wallet'], category: 'Games', metric: null },
      },
    });
    expect(parseCommand('digest add #general')).toMatchObject({
      digest: { channel: { id: null, name: 'general' }, cadence: 'daily', weekday: null, time: '09:00', content: { kind: 'overview' } },
    });
  });

  it.each([
    ['frobnicate', /Unknown command "frobnicate"/],
    ['aps', /Did you mean `apps`\?/],
    ['app', /Which app\?/],
    ['app wallet 14d', /"14d" is not a period: use 1d, 7d or 30d/],
    ['merchants 14', /"14" is not a period/],
    ['app wallet 2026-02-30', /"2026-02-30" is not a date/],
    ['app wallet 2026-13-01', /not a date/],
    ['app wallet 7d 30d', /Two periods/],
    ['app wallet today 2026-01-01', /Two dates/],
    ['merchants wallet', /I don't understand "wallet"/],
    ['overview 7d sort:users', /sorting applies to `apps` only/],
    ['apps sort:revenue', /Unknown sort "revenue"/],
    ['apps category:Games', /a category applies to `app` and `breakdown` only/],
    ['app wallet category:', /`category:` needs a name/],
    ['app wallet metric:revenue', /Unknown metric/],
    ['export overview', /Export what\?/],
    ['export', /Export what\?/],
    ['whoami now', /`whoami` takes no words/],
    ['digest', /Digest commands/],
    ['digest remove abc', /digest remove <id>/],
    ['digest add weekly', /Which channel\?/],
    ['digest add #general 25:00', /not a time of day/],
    ['digest add #general daily friday', /A daily digest has no weekday/],
    ['digest add #general app wallet yesterday', /leave the date out/],
    ['app "unterminated', /never closed/],
    ['digest add <#C0123ABC|growth> private', /`private` is for answers: a digest always posts into its channel/],
    ['channel', /Channel commands: `channel allow <#channel>`, `channel revoke <#channel>`, `channel list` \(admins\)/],
    ['channel clear <#C0123ABC>', /Channel commands/],
    ['channel list now', /`channel list` takes no words/],
    ['channel allow', /Say `channel allow #channel` with one channel/],
    ['channel allow <#C0123ABC> <#C0456DEF>', /with one channel/],
    ['channel revoke wallet', /Say `channel revoke #channel`/],
    ['channel allow #growth', /Mention the channel so Slack links it: type `#growth`/],
    ['chanel list', /Did you mean `channel`\?/],
  ])('refuses %j with a specific message', (text, message) => {
    rejects(text, message);
  });

  it('survives hostile text without throwing anything but InputError', () => {
    const hostile = [
      "app wallet'; DROP TABLE activity; --",
      'app \u0000\u0001\u0002',
      `app ${'x'.repeat(100_000)}`,
      `app wallet category:${'"'.repeat(3)}`,
      '\u202e\u200b app wallet',
      'app <script>alert(1)</script>',
      'app wallet 9999999999999999999999d',
      'app wallet 0000-00-00',
      `digest add <#C1|${'a'.repeat(5000)}>`,
      '%s%n%x',
      '💥 app',
    ];
    for (const text of hostile) {
      try {
        parseCommand(text);
      } catch (error) {
        expect(error, text.slice(0, 40)).toBeInstanceOf(InputError);
      }
    }
    expect(stats("app wallet'; DROP TABLE activity; --").stats.words).toEqual(["wallet';", 'DROP', 'TABLE', 'activity;', '--']);
  });
});

describe('parseCommand on long and hostile text', () => {
  /** What a parse ends with: the command, or the InputError's message; anything else is thrown. */
  const outcome = (text: string): { parsed: ParsedCommand } | { message: string } => {
    try {
      return { parsed: parseCommand(text) };
    } catch (error) {
      if (error instanceof InputError) return { message: error.message };
      throw error;
    }
  };

  it('refuses 40 KB of command text with how long it is and what the limit is', () => {
    for (const text of [`app ${'ab '.repeat(13_654)}`, `app ${'"a" '.repeat(10_240)}`, `app x${"'".repeat(40_960)}`]) {
      expect(outcome(text)).toEqual({ message: expect.stringMatching(/^That command is 40,9\d\d characters long; commands are at most 4,000\./) });
    }
  });

  it.each([
    ['an unknown command', (long: string) => long],
    ['a bad period', () => `app wallet ${'9'.repeat(3000)}d`],
    ['a bad sort', (long: string) => `apps sort:${long}`],
    ['a bad metric', (long: string) => `app wallet metric:${long}`],
    ['two categories', (long: string) => `app wallet category:a category:"${long}"`],
    ['an unknown word', (long: string) => `merchants ${long.replace('\n', '')}`],
    ['many unknown words', (long: string) => `whoami ${`${long.slice(0, 300)} `.repeat(12)}`],
    ['a bad digest word', (long: string) => `digest add #c ${long}`],
    ['an unclosed quote', (long: string) => `app "${long}`],
    ['an option on the wrong report', (long: string) => `apps category:${long}`],
  ])('keeps %s short and on one line, however long the word', (_name, make) => {
    const long = `${'x'.repeat(1800)}\n<!channel>\u202e${'y'.repeat(1800)}`;
    const result = outcome(make(long));
    expect(result).toHaveProperty('message');
    const { message } = result as { message: string };
    expect(message.length).toBeLessThanOrEqual(500);
    expect(message).not.toMatch(/[\n\u202e]/);
  });

  it('never answers with an inherited property or another exception (10,000 generated texts)', () => {
    const texts = generateCommandTexts(10_000);
    let parsed = 0;
    for (const text of texts) {
      const result = outcome(text);
      if ('message' in result) {
        expect(result.message, text).toMatch(/\S/);
        expect(result.message.length, text).toBeLessThanOrEqual(500);
        expect(result.message, text).not.toMatch(/NaN|undefined|\[object |function /);
        continue;
      }
      parsed++;
      expect(findForeignValue(result.parsed), text).toBeNull();
    }
    // Enough of them parse for the check of values to mean something.
    expect(parsed).toBeGreaterThan(1000);
  });

  it.each([
    ['overview constructor', /I don't understand "constructor"/],
    ['apps sort:__proto__', /Unknown sort "__proto__"/],
    ['apps sort:constructor', /Unknown sort "constructor"/],
    ['app wallet metric:constructor', /Unknown metric "constructor"/],
    ['app wallet metric:toString', /Unknown metric "toString"/],
    ['merchants __proto__', /I don't understand "__proto__"/],
    ['export constructor', /Export what\?/],
    ['hasOwnProperty', /Unknown command "hasOwnProperty"/],
    ['digest add #c weekly __proto__', /I don't understand "__proto__" in `digest add`/],
    ['digest add #c app wallet metric:constructor', /Unknown metric "constructor"/],
  ])('refuses the prototype word in %j', (text, message) => {
    rejects(text, message);
  });

  it('keeps prototype words as names where names go', () => {
    expect(stats('app wallet __proto__').stats).toEqual({
      kind: 'app',
      period: null,
      date: null,
      sort: null,
      words: ['wallet', '__proto__'],
      category: null,
      metric: null,
    });
    expect(stats('app constructor 7d').stats).toMatchObject({ words: ['constructor'], period: 7 });
  });
});
