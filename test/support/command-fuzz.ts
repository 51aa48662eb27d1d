/**
 * Command texts for fuzz tests: words of the grammar mixed with the names of Object.prototype's
 * properties, unicode, control characters and every kind of quote, from a seeded generator so that
 * a failure can be replayed.
 */

import type { ParsedCommand } from '../../src/domain/commands.ts';
import { APPS_SORTS, VISITOR_METRICS } from '../../src/domain/labels.ts';
import { REPORT_KINDS } from '../../src/reports/index.ts';

/** Object.prototype's own names, and the ones that reach it (`__proto__`). */
export const PROTOTYPE_WORDS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
];

const GRAMMAR_WORDS = [
  ...REPORT_KINDS,
  'export',
  'digest',
  'whoami',
  'help',
  '?',
  'add',
  'list',
  'remove',
  'delete',
  'preview',
  '1d',
  '7d',
  '30d',
  '1',
  '7',
  '30',
  '14d',
  'day',
  'week',
  'month',
  'today',
  'yesterday',
  '2026-10-01',
  '2026-02-30',
  '2999-01-01',
  'daily',
  'weekly',
  'mon',
  'friday',
  'sundays',
  '08:00',
  '25:00',
  '#stats',
  '<#C0STATS001|stats>',
  'C0STATS001',
  '#3',
  '12',
  'wallet',
  'Wallet',
  'acme',
  'games',
  '😀 Fun',
  'users',
  'miniprograms',
  'uv',
  'pv',
  'new',
  'lifetime',
];
const OPTIONS = ['category:', 'cat:', 'sort:', 'metric:', 'SORT:', 'Metric:'];
const ODD = ['轻', '😀', 'İ', 'ß', 'e\u0301', '\u202e', '\u200b', '\u0000', '"', "'", '“', '”', '‘', '’', '„', ':', '', '\\', '%s', '<!channel>'];
const SPACES = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0'];
const QUOTES = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
  ['„', '“'],
  ['"', '”'],
];

/** mulberry32: small, fast and seeded. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` command texts, the same for the same seed. */
export function generateCommandTexts(count: number, seed = 18): string[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = (): string => {
    const roll = random();
    if (roll < 0.3) return pick(GRAMMAR_WORDS);
    if (roll < 0.5) return pick(PROTOTYPE_WORDS);
    if (roll < 0.65) return `${pick(OPTIONS)}${pick([...GRAMMAR_WORDS, ...PROTOTYPE_WORDS, ...ODD])}`;
    if (roll < 0.75) {
      const [open, close] = pick(QUOTES);
      return `${random() < 0.3 ? pick(OPTIONS) : ''}${open}${pick([...GRAMMAR_WORDS, ...PROTOTYPE_WORDS])}${pick(SPACES)}${pick(PROTOTYPE_WORDS)}${random() < 0.85 ? close : ''}`;
    }
    if (roll < 0.9) return `${pick(ODD)}${pick([...GRAMMAR_WORDS, ...PROTOTYPE_WORDS])}${pick(ODD)}`;
    return pick(ODD);
  };
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const first = random() < 0.8 ? pick([...REPORT_KINDS, 'export', 'digest', 'whoami', 'help']) : word();
    const words = [first];
    if (first === 'export') words.push(pick([...REPORT_KINDS, ...PROTOTYPE_WORDS]));
    if (first === 'digest') words.push(pick(['add', 'list', 'remove', 'preview', ...PROTOTYPE_WORDS]));
    const length = Math.floor(random() * 7);
    for (let j = 0; j < length; j++) words.push(word());
    texts.push(words.join(pick(SPACES)));
  }
  return texts;
}

/**
 * Why a parsed command is not made of the parser's own values, or null when it is: every object
 * plain, every leaf a string, number, boolean or null, and every keyword field one of its words
 * (never a property inherited from Object.prototype).
 */
export function findForeignValue(parsed: ParsedCommand): string | null {
  const found = findForeignShape(parsed, 'command');
  if (found) return found;
  const stats = parsed.verb === 'stats' ? parsed.stats : parsed.verb === 'digest' && parsed.digest.action === 'add' ? parsed.digest.content : null;
  if (parsed.verb === 'digest' && !['list', 'remove', 'preview', 'add'].includes(parsed.digest.action)) return `digest action ${parsed.digest.action}`;
  if (stats) {
    if (!REPORT_KINDS.includes(stats.kind)) return `kind ${String(stats.kind)}`;
    if (![null, 1, 7, 30].includes(stats.period)) return `period ${String(stats.period)}`;
    if (stats.sort !== null && !APPS_SORTS.includes(stats.sort)) return `sort ${String(stats.sort)}`;
    if (stats.metric !== null && !VISITOR_METRICS.includes(stats.metric)) return `metric ${String(stats.metric)}`;
    if (stats.date !== null && !['day', 'today', 'yesterday'].includes(stats.date.kind)) return `date ${String(stats.date.kind)}`;
  }
  return null;
}

function findForeignShape(value: unknown, path: string): string | null {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return typeof value === 'number' && !Number.isFinite(value) ? `${path} is ${value}` : null;
  }
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (prototype !== Array.prototype) return `${path} is an array of another prototype`;
  } else if (prototype !== Object.prototype) return `${path} is not a plain object`;
  for (const key of Object.keys(value)) {
    const found = findForeignShape((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return null;
}
