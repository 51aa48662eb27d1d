/**
 * Each figure as answered (from the aggregates) and by the direct queries over the activity,
 * timed; the direct ones run on a pool whose statements the server stops at a time limit.
 */
import type { Knex } from 'knex';
import knex from 'knex';
import { buildKnexConfig } from '../db/database.ts';
import type { AppRecord } from '../domain/records.ts';
import type { Period } from '../domain/types.ts';
import { readAppDetails, readAppDetailsDirect } from '../stats/read-app-details.ts';
import { readApps, readAppsDirect } from '../stats/read-apps.ts';
import { readBreakdown, readBreakdownDirect } from '../stats/read-breakdown.ts';
import { readMerchants } from '../stats/read-merchants.ts';
import { BENCH_WORKSPACE } from './generate-bench-data.ts';
import { timeMedian } from './timing.ts';

/**
 * How long the bench lets one direct statement run: at 30M rows with a small buffer pool some take
 * many minutes, and the whole bench must finish within 25. A figure stopped at the limit is
 * reported as "> limit" (and its ratio as a lower bound).
 */
const DIRECT_LIMIT_SECONDS = 150;

/** A figure's time as answered and directly, in milliseconds; `stopped`: the direct one hit the limit. */
export interface AnswerTime {
  name: string;
  fast: number;
  direct: number;
  stopped: boolean;
}

export interface AnswerTimes {
  /** Every figure, in the order measured. */
  figures: AnswerTime[];
  /** The two the summary line reports: `app` and `breakdown` of the biggest app over 30 days. */
  app30: AnswerTime;
  breakdown: AnswerTime;
}

/** Times every figure (the median of `runs` warm runs; direct ones at most 3); `onFigure` hears of each. */
export async function measureAnswers(
  db: Knex,
  databaseUrl: string,
  app: { biggest: AppRecord; category: string; period: Period; runs: number },
  onFigure: (time: AnswerTime) => void,
): Promise<AnswerTimes> {
  const { biggest, category, period, runs } = app;
  const slow = openDirectPool(databaseUrl);
  const figures: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [`app ${biggest.appId} 30d`, () => readAppDetails(db, biggest, null, period), () => readAppDetailsDirect(slow, biggest, null, period)],
    [
      `app ${biggest.appId} 30d category:${category}`,
      () => readAppDetails(db, biggest, category, period),
      () => readAppDetailsDirect(slow, biggest, category, period),
    ],
    ['apps 30d', () => readApps(db, BENCH_WORKSPACE, period, 'users'), () => readAppsDirect(slow, BENCH_WORKSPACE, period, 'users')],
    [`breakdown ${biggest.appId} 30d`, () => readBreakdown(db, biggest, null, period), () => readBreakdownDirect(slow, biggest, null, period)],
    ['merchants 30d', () => readMerchants(db, BENCH_WORKSPACE, period), () => readMerchants(slow, BENCH_WORKSPACE, period)],
  ];
  const times: AnswerTime[] = [];
  try {
    for (const [name, answer, directly] of figures) {
      const fast = await timeMedian(answer, runs);
      const direct = await timeDirect(directly, Math.min(runs, 3));
      times.push({ name, fast, ...direct });
      onFigure(times.at(-1)!);
    }
  } finally {
    await slow.destroy();
  }
  return { figures: times, app30: times[0]!, breakdown: times[3]! };
}

function openDirectPool(url: string): Knex {
  const config = buildKnexConfig(url);
  if (config.client !== 'mysql2') return knex(config);
  return knex({
    ...config,
    pool: {
      ...config.pool,
      afterCreate(connection: { query(sql: string, done: (error: Error | null) => void): void }, done: (error: Error | null, connection: unknown) => void) {
        connection.query(`SET SESSION max_statement_time = ${DIRECT_LIMIT_SECONDS}`, (error) => done(error, connection));
      },
    },
  });
}

/** Like timeMedian, but a run the server stops at the time limit counts as "more than the limit". */
async function timeDirect(work: () => Promise<unknown>, runs: number): Promise<{ direct: number; stopped: boolean }> {
  try {
    return { direct: await timeMedian(work, runs), stopped: false };
  } catch (error) {
    if ((error as { errno?: number }).errno !== 1969) throw error;
    return { direct: DIRECT_LIMIT_SECONDS * 1000, stopped: true };
  }
}
