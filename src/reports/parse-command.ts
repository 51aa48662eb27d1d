/**
 * Reads `/miniapp-stats` command text (the command language of docs/contract.md) into a command:
 * the subcommand, then the words of the report it names, of `export`, `digest`, `channel`,
 * `whoami` or `help`; the word `private` anywhere. Which words a report takes comes from its
 * definition. InputError says what is wrong and what would work.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { ChannelCommand, ChannelRef, DigestCommand, ParsedCommand, StatsCommand } from '../domain/commands.ts';
import { InputError } from '../domain/errors.ts';
import type { ReportKind } from '../domain/reports.ts';
import {
  joinWords,
  listOptionWords,
  METRIC_WORDS,
  OPTION_PATTERN,
  PERIOD_AND_DATE_WORDS,
  readDateWord,
  readMetricWord,
  readPeriodWord,
  readSortWord,
  SORT_WORDS,
} from '../query/command-words.ts';
import { echoInput } from '../query/echo-input.ts';
import { type Token, tokenizeCommand } from '../query/tokenize-command.ts';
import { isReportKind, REPORT_KINDS, REPORTS } from './index.ts';
import type { ReportGrammar } from './report-definition.ts';

export const SUBCOMMANDS = [...REPORT_KINDS, 'export', 'digest', 'channel', 'whoami', 'help'] as const;
/** Typed anywhere in a command, it shows the answer to the caller alone (quoted, it is a name). */
export const PRIVATE_WORD = 'private';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** What a digest posts when its content is not given. */
const DEFAULT_DIGEST_CONTENT: ReportKind = 'overview';

/** The reports whose grammar has a word, e.g. "`app` and `breakdown`". */
function listReportsWith(word: keyof ReportGrammar, conjunction: 'and' | 'or', write: (kind: ReportKind) => string = (kind) => `\`${kind}\``): string {
  return joinWords(REPORT_KINDS.filter((kind) => REPORTS[kind].grammar[word]).map(write), conjunction);
}

/** "overview | app <app>": what a digest may post. */
export function describeDigestContents(appSuffix: string): string {
  return REPORT_KINDS.filter((kind) => REPORTS[kind].grammar.digest)
    .map((kind) => (REPORTS[kind].grammar.app ? `${kind} <app>${appSuffix}` : kind))
    .join(' | ');
}

/** Parses `/miniapp-stats` command text into a command; InputError says what is wrong. */
export function parseCommand(text: string): ParsedCommand {
  const typed = tokenizeCommand(text);
  const tokens = typed.filter((token) => token.quoted || token.text.toLowerCase() !== PRIVATE_WORD);
  const asPrivate = tokens.length < typed.length;
  const [first, ...rest] = tokens;
  if (first === undefined) return { verb: 'help' };
  const verb = first.text.toLowerCase();
  if (isReportKind(verb)) return { verb: 'stats', stats: parseStatsWords(verb, rest), export: false, private: asPrivate };
  switch (verb) {
    case 'help':
    case '?':
      return { verb: 'help' };
    case 'whoami':
      if (rest.length > 0) throw new InputError(`I don't understand ${quoteTokens(rest)}: \`whoami\` takes no words.`);
      return { verb: 'whoami' };
    case 'export': {
      const [target, ...words] = rest;
      const kind = target?.text.toLowerCase() ?? '';
      if (!isReportKind(kind) || !REPORTS[kind].grammar.exportable) {
        const exports = listReportsWith('exportable', 'or', (k) => `\`export ${k}${REPORTS[k].grammar.app ? ' <app>' : ''}\``);
        throw new InputError(
          `Export what? Say ${exports}, with the same period, date and category words as the answer${target ? ` (not "${echoInput(target.text)}")` : ''}.`,
        );
      }
      return { verb: 'stats', stats: parseStatsWords(kind, words), export: true, private: asPrivate };
    }
    case 'digest': {
      const digest = parseDigest(rest);
      if (asPrivate && digest.action === 'add') {
        throw new InputError(`\`${PRIVATE_WORD}\` is for answers: a digest always posts into its channel, and only into a channel cleared for analytics.`);
      }
      return { verb: 'digest', digest };
    }
    case 'channel':
      return { verb: 'channel', channel: parseChannel(rest) };
    default: {
      const guess = closest(verb, [...SUBCOMMANDS]);
      const hint = distance(verb, guess) <= 2 ? ` Did you mean \`${guess}\`?` : '';
      throw new InputError(`Unknown command "${echoInput(first.text)}".${hint} Commands: ${SUBCOMMANDS.join(', ')}.`);
    }
  }
}

/** Reads the words of a report in any order: period, date and the options its grammar takes; other words name its app. */
export function parseStatsWords(kind: ReportKind, tokens: Token[]): StatsCommand {
  const { grammar } = REPORTS[kind];
  const command: StatsCommand = { kind, period: null, date: null, sort: null, words: [], category: null, metric: null };
  for (const token of tokens) {
    const option = OPTION_PATTERN.exec(token.text);
    if (token.quoted && !option) {
      command.words.push(token.text);
      continue;
    }
    if (option) {
      readOption(command, grammar, token.text, option[1]!.toLowerCase(), option[2]!);
      continue;
    }
    const period = readPeriodWord(token, { bareNumbersAreNames: grammar.app });
    if (period !== undefined) {
      if (command.period !== null && command.period !== period)
        throw new InputError(`Two periods given (${command.period}d and ${echoInput(token.text)}); choose one of 1d, 7d or 30d.`);
      command.period = period;
      continue;
    }
    const date = readDateWord(token);
    if (date !== undefined) {
      if (command.date !== null) throw new InputError(`Two dates given; give one end date (YYYY-MM-DD, today or yesterday).`);
      command.date = date;
      continue;
    }
    if (!grammar.app) throw new InputError(`I don't understand ${quoteTokens([token])}: \`${kind}\` takes ${describeWords(grammar)}.`);
    command.words.push(token.text);
  }
  if (grammar.app && command.words.length === 0) {
    throw new InputError(`Which app? Say \`${kind} <app>\`, e.g. \`${kind} wallet 7d\` (id or name; quote names with spaces).`);
  }
  return command;
}

function readOption(command: StatsCommand, grammar: ReportGrammar, text: string, name: string, value: string): void {
  if (name === 'category' || name === 'cat') {
    if (!grammar.category) throw new InputError(`\`${echoInput(text)}\`: a category applies to ${listReportsWith('category', 'and')} only.`);
    if (value.trim() === '') throw new InputError('`category:` needs a name, e.g. `category:Games` or `category:"Food & Beverage"`.');
    if (command.category !== null) throw new InputError(`Two categories given ("${echoInput(command.category)}" and "${echoInput(value)}"); choose one.`);
    command.category = value;
  } else if (name === 'sort') {
    if (!grammar.sort) throw new InputError(`\`${echoInput(text)}\`: sorting applies to ${listReportsWith('sort', 'and')} only.`);
    command.sort = readSortWord(value);
  } else {
    if (!grammar.metric) throw new InputError(`\`${echoInput(text)}\`: the trend metric applies to ${listReportsWith('metric', 'and')} only.`);
    command.metric = readMetricWord(value);
  }
}

/** "a period (1d, 7d, 30d) and a date (…)", with the options the grammar takes. */
function describeWords(grammar: ReportGrammar): string {
  const options = [
    ...(grammar.sort ? [joinWords(listOptionWords('sort', SORT_WORDS), 'or')] : []),
    ...(grammar.metric ? [joinWords(listOptionWords('metric', METRIC_WORDS), 'or')] : []),
  ];
  return joinWords([...PERIOD_AND_DATE_WORDS, ...options], 'and');
}

function isDigestContent(word: string): word is ReportKind {
  return isReportKind(word) && REPORTS[word].grammar.digest;
}

/** `"a", "b"`: the words a message is about, each clipped, the first three of them. */
function quoteTokens(tokens: Token[]): string {
  const shown = tokens.slice(0, 3).map((t) => `"${echoInput(t.text)}"`);
  return tokens.length > 3 ? `${shown.join(', ')} and ${tokens.length - 3} more` : shown.join(', ');
}

/** A channel as typed: a Slack mention (<#C123|name>), a bare #name (not linked), or a channel id; null for any other word. */
function readChannelWord(token: Token): ChannelRef | null {
  if (token.quoted) return null;
  const mention = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(token.text);
  if (mention) return { id: mention[1]!, name: mention[2] || null };
  if (/^#[^\s#]+$/.test(token.text)) return { id: null, name: token.text.slice(1) };
  if (/^[CG][A-Z0-9]{6,}$/.test(token.text)) return { id: token.text, name: null };
  return null;
}

/** What a bare `#name` gets: Slack links a channel only when it is picked from its list. */
export function describeUnlinkedChannel(name: string | null): string {
  return `Mention the channel so Slack links it: type \`#${name}\` and pick it from the list (or paste its link).`;
}

const CHANNEL_USAGE = '`channel allow <#channel>`, `channel revoke <#channel>`, `channel list`';

function parseChannel(tokens: Token[]): ChannelCommand {
  const [action, ...rest] = tokens;
  const name = action?.text.toLowerCase();
  if (name === 'list') {
    if (rest.length) throw new InputError('`channel list` takes no words.');
    return { action: 'list' };
  }
  if (name !== 'allow' && name !== 'revoke') throw new InputError(`Channel commands: ${CHANNEL_USAGE} (admins).`);
  const channel = rest.length === 1 ? readChannelWord(rest[0]!) : null;
  if (!channel) throw new InputError(`Say \`channel ${name} #channel\` with one channel: type # and pick it from Slack's list.`);
  if (channel.id === null) throw new InputError(describeUnlinkedChannel(channel.name));
  return { action: name, channel: { id: channel.id, name: channel.name } };
}

function parseDigest(tokens: Token[]): DigestCommand {
  const [action, ...rest] = tokens;
  const name = action?.text.toLowerCase();
  if (name === 'list') {
    if (rest.length) throw new InputError('`digest list` takes no words.');
    return { action: 'list' };
  }
  if (name === 'remove' || name === 'delete' || name === 'preview') {
    const id = rest[0]?.text.replace(/^#/, '');
    if (rest.length !== 1 || !/^\d{1,9}$/.test(id ?? '')) {
      throw new InputError(`Say \`digest ${name} <id>\` with the digest's number from \`digest list\`.`);
    }
    return { action: name === 'preview' ? 'preview' : 'remove', id: Number(id) };
  }
  if (name !== 'add') {
    throw new InputError(
      `Digest commands: \`digest add <#channel> [daily|weekly <weekday>] [HH:MM] [${describeDigestContents(' [period] [category]')}]\`, \`digest list\`, \`digest remove <id>\`, \`digest preview <id>\`.`,
    );
  }
  let channel: ChannelRef | null = null;
  let cadence: 'daily' | 'weekly' | null = null;
  let weekday: number | null = null;
  let time: string | null = null;
  let index = 0;
  for (; index < rest.length; index++) {
    const token = rest[index]!;
    const lower = token.text.toLowerCase();
    if (!token.quoted && isDigestContent(lower)) break;
    const named = readChannelWord(token);
    if (named) {
      if (channel) throw new InputError('Give one channel per digest.');
      channel = named;
      continue;
    }
    if (lower === 'daily' || lower === 'weekly') {
      cadence = lower;
      continue;
    }
    const day = WEEKDAYS.findIndex((w) => lower.length >= 3 && (w.startsWith(lower) || `${w}s` === lower));
    if (day !== -1) {
      weekday = day + 1;
      continue;
    }
    const clock = /^(\d{1,2}):(\d{2})$/.exec(lower);
    if (clock) {
      const hours = Number(clock[1]);
      const minutes = Number(clock[2]);
      if (hours > 23 || minutes > 59) throw new InputError(`"${echoInput(token.text)}" is not a time of day: use HH:MM from 00:00 to 23:59.`);
      time = `${String(hours).padStart(2, '0')}:${clock[2]}`;
      continue;
    }
    throw new InputError(
      `I don't understand "${echoInput(token.text)}" in \`digest add\`: give a channel (#name), daily or weekly (with a weekday), a time HH:MM, then ${listReportsWith('digest', 'or', (k) => `\`${k}${REPORTS[k].grammar.app ? ' <app>' : ''}\``)}.`,
    );
  }
  if (!channel) throw new InputError('Which channel? Say `digest add #channel ...`.');
  if (cadence === 'daily' && weekday !== null) throw new InputError('A daily digest has no weekday; say `weekly monday` for a weekly one.');
  const contentTokens = rest.slice(index);
  const named = contentTokens[0]?.text.toLowerCase() ?? '';
  // The loop stops at the report's name, or runs out: then the default content, without words.
  const content = parseStatsWords(isDigestContent(named) ? named : DEFAULT_DIGEST_CONTENT, contentTokens.slice(1));
  if (content.date !== null) throw new InputError('A digest always reports up to the day before it is posted; leave the date out.');
  const resolvedCadence = cadence ?? (weekday !== null ? 'weekly' : 'daily');
  return {
    action: 'add',
    channel,
    cadence: resolvedCadence,
    weekday: resolvedCadence === 'weekly' ? (weekday ?? 1) : null,
    time: time ?? '09:00',
    content,
  };
}
