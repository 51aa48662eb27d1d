import type { Knex } from 'knex';
import type { StatsRequest } from '../src/query/stats-request.ts';
import { readBreakdown } from '../src/stats/read-breakdown.ts';
import type { StatsAnswer } from './answer.ts';

/** `breakdown <app>`: the four proportion cards. */
export async function answerBreakdown(db: Knex, request: Extract<StatsRequest, { kind: 'breakdown' }>): Promise<StatsAnswer> {
  return { kind: 'breakdown', request, data: await readBreakdown(db, request.app, request.category, request.period) };
}
