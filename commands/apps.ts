import type { Knex } from 'knex';
import type { StatsRequest } from '../src/query/stats-request.ts';
import { readApps } from '../src/stats/read-apps.ts';
import type { StatsAnswer } from './answer.ts';

/** `apps`: every target app with users, mini programs, their changes and the user trend. */
export async function answerApps(db: Knex, request: Extract<StatsRequest, { kind: 'apps' }>): Promise<StatsAnswer> {
  return { kind: 'apps', request, data: await readApps(db, request.workspace.workspaceId, request.period, request.sort) };
}
