import type { Knex } from 'knex';
import type { StatsRequest } from '../src/query/stats-request.ts';
import { readAppDetails } from '../src/stats/read-app-details.ts';
import type { StatsAnswer } from './answer.ts';

/** `app <app>`: status counts now, the four visitor metrics with changes, and their daily series. */
export async function answerApp(db: Knex, request: Extract<StatsRequest, { kind: 'app' }>): Promise<StatsAnswer> {
  return { kind: 'app', request, data: await readAppDetails(db, request.app, request.category, request.period) };
}
