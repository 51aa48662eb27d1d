/**
 * The words of the command language that are not names: periods, dates, the `category:`,
 * `sort:` and `metric:` options, and how a name is written so that it reads back as one word.
 */
import type { DateWord } from '../domain/commands.ts';
import { InputError } from '../domain/errors.ts';
import type { AppsSort, PeriodDays, VisitorMetric } from '../domain/types.ts';
import { isDay } from '../util/days.ts';
import { echoInput } from './echo-input.ts';
import type { Token } from './tokenize-command.ts';

// Maps, not objects, for every table looked up with typed text: `constructor` or `__proto__` is no word.
const PERIOD_WORDS: ReadonlyMap<string, PeriodDays> = new Map([
  ['1', 1],
  ['1d', 1],
  ['day', 1],
  ['7', 7],
  ['7d', 7],
  ['week', 7],
  ['30', 30],
  ['30d', 30],
  ['month', 30],
]);

export interface OptionWords {
  /** The word commands are written with (`sort:<word>`), first in messages. */
  word: string;
  /** Other words read as the same value. */
  aliases: readonly string[];
}

/** `sort:<word>`: the order of the app list. */
export const SORT_WORDS = {
  users: { word: 'users', aliases: ['user'] },
  miniPrograms: { word: 'miniprograms', aliases: ['mini-programs', 'mini_programs', 'programs', 'mps'] },
} as const satisfies Record<AppsSort, OptionWords>;

/** `metric:<word>`: the metric of a trend chart. */
export const METRIC_WORDS = {
  uv: { word: 'uv', aliases: ['visitors'] },
  pv: { word: 'pv', aliases: ['views'] },
  newVisitors: { word: 'new', aliases: ['newvisitors'] },
  lifetimeVisitors: { word: 'lifetime', aliases: ['lifetimevisitors'] },
} as const satisfies Record<VisitorMetric, OptionWords>;

/** An option's values by every word that names them (lower case). */
function byWord<V extends string>(table: Readonly<Record<V, OptionWords>>): ReadonlyMap<string, V> {
  const words = new Map<string, V>();
  for (const [value, { word, aliases }] of Object.entries(table) as [V, OptionWords][]) {
    for (const name of [word, ...aliases]) words.set(name, value);
  }
  return words;
}

const SORTS_BY_WORD = byWord<AppsSort>(SORT_WORDS);
const METRICS_BY_WORD = byWord<VisitorMetric>(METRIC_WORDS);

export const OPTION_PATTERN = /^(category|cat|sort|metric):(.*)$/is;

/** `category:<name>` or `cat:<name>`. */
export function isCategoryOption(text: string): boolean {
  return /^(category|cat):/i.test(text);
}

/** ["`sort:users`", "`sort:miniprograms`"]: every value of an option as it is written. */
export function listOptionWords(option: string, table: Readonly<Record<string, OptionWords>>): string[] {
  return Object.values(table).map(({ word }) => `\`${option}:${word}\``);
}

/** "a", "a or b", "a, b or c". */
export function joinWords(words: readonly string[], conjunction: 'or' | 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

export function readSortWord(value: string): AppsSort {
  const sort = SORTS_BY_WORD.get(value.toLowerCase());
  if (!sort) throw new InputError(`Unknown sort "${echoInput(value)}": use ${joinWords(listOptionWords('sort', SORT_WORDS), 'or')}.`);
  return sort;
}

export function readMetricWord(value: string): VisitorMetric {
  const metric = METRICS_BY_WORD.get(value.toLowerCase());
  if (!metric) throw new InputError(`Unknown metric "${echoInput(value)}": use ${joinWords(listOptionWords('metric', METRIC_WORDS), 'or')}.`);
  return metric;
}

/** The period a word names (`7d`, `week`, `7`), or undefined; InputError for a number of days that is not a period. */
export function readPeriodWord(token: Token, options: { bareNumbersAreNames: boolean }): PeriodDays | undefined {
  const lower = token.text.toLowerCase();
  const period = PERIOD_WORDS.get(lower);
  if (period !== undefined) return period;
  if (/^\d+\s*(d|day|days)$/.test(lower) || (/^(\d+)$/.test(lower) && !options.bareNumbersAreNames)) {
    throw new InputError(`"${echoInput(token.text)}" is not a period: use 1d, 7d or 30d (or day, week, month).`);
  }
  return undefined;
}

/** The end date a word names (`2026-03-31`, `today`, `yesterday`), or undefined; InputError for an impossible date. */
export function readDateWord(token: Token): DateWord | undefined {
  const lower = token.text.toLowerCase();
  if (lower === 'today' || lower === 'yesterday') return { kind: lower };
  if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(lower)) return undefined;
  if (!isDay(lower)) throw new InputError(`"${echoInput(token.text)}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.`);
  return { kind: 'day', day: lower };
}

/** What the period and date words are, for messages about them. */
export const PERIOD_AND_DATE_WORDS = ['a period (1d, 7d, 30d)', 'a date (YYYY-MM-DD, today, yesterday)'] as const;

const KEYWORD_LIKE = /^(\d+\s*(d|day|days)?|day|week|month|today|yesterday|\d{4}-\d{1,2}-\d{1,2}|(category|cat|sort|metric):.*)$/i;

/** Quotes a word so tokenizeCommand reads it back as one name (never as a period, date or option). */
export function quoteWord(word: string): string {
  if (word !== '' && !/[\s"'“”‘’„]/.test(word) && !KEYWORD_LIKE.test(word)) return word;
  return word.includes('"') ? `'${word}'` : `"${word}"`;
}

/** `category:"Food & Beverage"`: a category option that tokenizeCommand reads back as one word. */
export function formatCategoryWord(category: string): string {
  return category.includes('"') ? `category:'${category}'` : `category:"${category}"`;
}

export function formatSortWord(sort: AppsSort): string {
  return `sort:${SORT_WORDS[sort].word}`;
}

export function formatMetricWord(metric: VisitorMetric): string {
  return `metric:${METRIC_WORDS[metric].word}`;
}
