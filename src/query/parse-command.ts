import { closest, distance } from 'fastest-levenshtein';
import type { ChannelRef, DigestCommand, ParsedCommand, StatsCommand, StatsKind } from '../domain/commands.ts';
import { InputError } from '../domain/errors.ts';
import type { AppsSort, PeriodDays, VisitorMetric } from '../domain/types.ts';
import { isDay } from '../util/days.ts';
import { type Token, tokenizeCommand } from './tokenize-command.ts';

export const SUBCOMMANDS = ['overview', 'merchants', 'apps', 'app', 'breakdown', 'export', 'digest', 'whoami', 'help'] as const;
const EXPORTABLE: StatsKind[] = ['merchants', 'apps', 'app', 'breakdown'];

const PERIOD_WORDS: Record<string, PeriodDays> = {
  '1': 1,
  '1d': 1,
  day: 1,
  '7': 7,
  '7d': 7,
  week: 7,
  '30': 30,
  '30d': 30,
  month: 30,
};
const SORT_WORDS: Record<string, AppsSort> = {
  users: 'users',
  user: 'users',
  miniprograms: 'miniPrograms',
  'mini-programs': 'miniPrograms',
  mini_programs: 'miniPrograms',
  programs: 'miniPrograms',
  mps: 'miniPrograms',
};
const METRIC_WORDS: Record<string, VisitorMetric> = {
  uv: 'uv',
  visitors: 'uv',
  pv: 'pv',
  views: 'pv',
  new: 'newVisitors',
  newvisitors: 'newVisitors',
  lifetime: 'lifetimeVisitors',
  lifetimevisitors: 'lifetimeVisitors',
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Parses `/miniapp-stats` command text (SPEC §3) into a command; InputError says what is wrong. */
export function parseCommand(text: string): ParsedCommand {
  const tokens = tokenizeCommand(text);
  const [first, ...rest] = tokens;
  if (first === undefined) return { verb: 'help' };
  const verb = first.text.toLowerCase();
  switch (verb) {
    case 'help':
    case '?':
      return { verb: 'help' };
    case 'whoami':
      rejectExtraWords(rest, 'whoami');
      return { verb: 'whoami' };
    case 'overview':
    case 'merchants':
    case 'apps':
    case 'app':
    case 'breakdown':
      return { verb: 'stats', stats: parseStatsWords(verb, rest), export: false };
    case 'export': {
      const [target, ...words] = rest;
      const kind = target?.text.toLowerCase();
      if (!target || !EXPORTABLE.includes(kind as StatsKind)) {
        throw new InputError(
          `Export what? Say \`export merchants\`, \`export apps\`, \`export app <app>\` or \`export breakdown <app>\`, with the same period, date and category words as the answer${target ? ` (not "${target.text}")` : ''}.`,
        );
      }
      return { verb: 'stats', stats: parseStatsWords(kind as StatsKind, words), export: true };
    }
    case 'digest':
      return { verb: 'digest', digest: parseDigest(rest) };
    default: {
      const guess = closest(verb, [...SUBCOMMANDS]);
      const hint = distance(verb, guess) <= 2 ? ` Did you mean \`${guess}\`?` : '';
      throw new InputError(`Unknown command "${first.text}".${hint} Commands: ${SUBCOMMANDS.join(', ')}.`);
    }
  }
}

/** Reads period, date, `category:`, `sort:` and `metric:` words in any order; other words are kept. */
export function parseStatsWords(kind: StatsKind, tokens: Token[]): StatsCommand {
  const command: StatsCommand = { kind, period: null, date: null, sort: null, words: [], category: null, metric: null };
  const takesApp = kind === 'app' || kind === 'breakdown';
  for (const token of tokens) {
    if (token.quoted && !/^(category|cat|sort|metric):/i.test(token.text)) {
      command.words.push(token.text);
      continue;
    }
    const lower = token.text.toLowerCase();
    const option = /^(category|cat|sort|metric):(.*)$/is.exec(token.text);
    if (option) {
      const name = option[1]!.toLowerCase();
      const value = option[2]!;
      if (name === 'category' || name === 'cat') {
        if (!takesApp) throw new InputError(`\`${token.text}\`: a category applies to \`app\` and \`breakdown\` only.`);
        if (value.trim() === '') throw new InputError('`category:` needs a name, e.g. `category:Games` or `category:"Food & Beverage"`.');
        if (command.category !== null) throw new InputError(`Two categories given ("${command.category}" and "${value}"); choose one.`);
        command.category = value;
      } else if (name === 'sort') {
        if (kind !== 'apps') throw new InputError(`\`${token.text}\`: sorting applies to \`apps\` only.`);
        const sort = SORT_WORDS[value.toLowerCase()];
        if (!sort) throw new InputError(`Unknown sort "${value}": use \`sort:users\` or \`sort:miniprograms\`.`);
        command.sort = sort;
      } else {
        if (kind !== 'app') throw new InputError(`\`${token.text}\`: the trend metric applies to \`app\` only.`);
        const metric = METRIC_WORDS[value.toLowerCase()];
        if (!metric) throw new InputError(`Unknown metric "${value}": use \`metric:uv\`, \`metric:pv\`, \`metric:new\` or \`metric:lifetime\`.`);
        command.metric = metric;
      }
      continue;
    }
    const period = PERIOD_WORDS[lower];
    if (period !== undefined) {
      if (command.period !== null && command.period !== period)
        throw new InputError(`Two periods given (${command.period}d and ${token.text}); choose one of 1d, 7d or 30d.`);
      command.period = period;
      continue;
    }
    if (/^\d+\s*(d|day|days)$/.test(lower) || (/^(\d+)$/.test(lower) && !takesApp)) {
      throw new InputError(`"${token.text}" is not a period: use 1d, 7d or 30d (or day, week, month).`);
    }
    if (lower === 'today' || lower === 'yesterday' || /^\d{4}-\d{1,2}-\d{1,2}$/.test(lower)) {
      const date = lower === 'today' || lower === 'yesterday' ? ({ kind: lower } as const) : { kind: 'day' as const, day: lower };
      if (date.kind === 'day' && !isDay(date.day)) throw new InputError(`"${token.text}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.`);
      if (command.date !== null) throw new InputError(`Two dates given; give one end date (YYYY-MM-DD, today or yesterday).`);
      command.date = date;
      continue;
    }
    if (!takesApp) rejectExtraWords([token], kind);
    command.words.push(token.text);
  }
  if (takesApp && command.words.length === 0) {
    throw new InputError(`Which app? Say \`${kind} <app>\`, e.g. \`${kind} wallet 7d\` (id or name; quote names with spaces).`);
  }
  return command;
}

function rejectExtraWords(tokens: Token[], kind: string): void {
  if (tokens.length === 0) return;
  const words = tokens.map((t) => `"${t.text}"`).join(', ');
  const accepts =
    kind === 'whoami'
      ? '`whoami` takes no words'
      : kind === 'apps'
        ? '`apps` takes a period (1d, 7d, 30d), a date (YYYY-MM-DD, today, yesterday) and `sort:users` or `sort:miniprograms`'
        : `\`${kind}\` takes a period (1d, 7d, 30d) and a date (YYYY-MM-DD, today, yesterday)`;
  throw new InputError(`I don't understand ${words}: ${accepts}.`);
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
      'Digest commands: `digest add <#channel> [daily|weekly <weekday>] [HH:MM] [overview | app <app> [period] [category]]`, `digest list`, `digest remove <id>`, `digest preview <id>`.',
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
    if (!token.quoted && (lower === 'overview' || lower === 'app')) break;
    const mention = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(token.text);
    if (mention || /^#[^\s#]+$/.test(token.text) || /^[CG][A-Z0-9]{6,}$/.test(token.text)) {
      if (channel) throw new InputError('Give one channel per digest.');
      channel = mention
        ? { id: mention[1]!, name: mention[2] || null }
        : token.text.startsWith('#')
          ? { id: null, name: token.text.slice(1) }
          : { id: token.text, name: null };
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
      if (hours > 23 || minutes > 59) throw new InputError(`"${token.text}" is not a time of day: use HH:MM from 00:00 to 23:59.`);
      time = `${String(hours).padStart(2, '0')}:${clock[2]}`;
      continue;
    }
    throw new InputError(
      `I don't understand "${token.text}" in \`digest add\`: give a channel (#name), daily or weekly (with a weekday), a time HH:MM, then \`overview\` or \`app <app>\`.`,
    );
  }
  if (!channel) throw new InputError('Which channel? Say `digest add #channel ...`.');
  if (cadence === 'daily' && weekday !== null) throw new InputError('A daily digest has no weekday; say `weekly monday` for a weekly one.');
  const contentTokens = rest.slice(index);
  const contentKind = contentTokens[0]?.text.toLowerCase() === 'app' ? 'app' : 'overview';
  const content = parseStatsWords(contentKind, contentTokens.slice(1));
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
