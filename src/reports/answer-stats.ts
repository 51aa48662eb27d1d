import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { answerApp } from './app.ts';
import { answerApps } from './apps.ts';
import { answerBreakdown } from './breakdown.ts';
import { answerMerchants } from './merchants.ts';
import { answerOverview } from './overview.ts';

/** Runs the query behind any statistics request (used by commands, buttons and digests alike). */
export function answerStats(db: Knex, request: StatsRequest): Promise<StatsAnswer> {
  switch (request.kind) {
    case 'overview':
      return answerOverview(db, request);
    case 'merchants':
      return answerMerchants(db, request);
    case 'apps':
      return answerApps(db, request);
    case 'app':
      return answerApp(db, request);
    case 'breakdown':
      return answerBreakdown(db, request);
  }
}
