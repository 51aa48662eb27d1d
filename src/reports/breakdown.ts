import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { readBreakdown } from '../stats/read-breakdown.ts';

/** `breakdown <app>`: the four proportion cards. */
export async function answerBreakdown(db: Knex, request: Extract<StatsRequest, { kind: 'breakdown' }>): Promise<StatsAnswer> {
  return { kind: 'breakdown', request, data: await readBreakdown(db, request.app, request.category, request.period) };
}
