import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { readAppDetails } from '../stats/read-app-details.ts';

/** `app <app>`: status counts now, the four visitor metrics with changes, and their daily series. */
export async function answerApp(db: Knex, request: Extract<StatsRequest, { kind: 'app' }>): Promise<StatsAnswer> {
  return { kind: 'app', request, data: await readAppDetails(db, request.app, request.category, request.period) };
}
