import type { StatsRequest } from '../domain/requests.ts';

const KEYWORD_LIKE = /^(\d+\s*(d|day|days)?|day|week|month|today|yesterday|\d{4}-\d{1,2}-\d{1,2}|(category|cat|sort|metric):.*)$/i;

/** Quotes a word so tokenizeCommand reads it back as one name (never as a period, date or option). */
export function quoteWord(word: string): string {
  if (word !== '' && !/[\s"'“”‘’„]/.test(word) && !KEYWORD_LIKE.test(word)) return word;
  return word.includes('"') ? `'${word}'` : `"${word}"`;
}

const SORT_WORDS = { users: 'sort:users', miniPrograms: 'sort:miniprograms' } as const;
const METRIC_WORDS = { uv: 'metric:uv', pv: 'metric:pv', newVisitors: 'metric:new', lifetimeVisitors: 'metric:lifetime' } as const;

/** `category:"Food & Beverage"`: a category option that tokenizeCommand reads back as one word. */
export function categoryWord(category: string): string {
  return category.includes('"') ? `category:'${category}'` : `category:"${category}"`;
}

/**
 * The command text that asks exactly this request again: what buttons and menus carry (with the
 * end date pinned) and digests store (`undated`: no date, default sort and metric left out), and
 * what `parseCommand` reads back into the same request.
 */
export function buildCommandText(request: StatsRequest, options: { export?: boolean; undated?: boolean } = {}): string {
  const words: string[] = options.export ? ['export', request.kind] : [request.kind];
  if (request.kind === 'app' || request.kind === 'breakdown') {
    words.push(quoteWord(request.app.appId));
    if (request.category !== null) words.push(categoryWord(request.category));
  }
  words.push(`${request.period.days}d`);
  if (!options.undated) words.push(request.period.end);
  if (request.kind === 'apps' && !(options.undated && request.sort === 'users')) words.push(SORT_WORDS[request.sort]);
  if (request.kind === 'app' && !(options.undated && request.metric === 'uv')) words.push(METRIC_WORDS[request.metric]);
  return words.join(' ');
}
