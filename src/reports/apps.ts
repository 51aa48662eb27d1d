import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { readApps } from '../stats/read-apps.ts';

/** `apps`: every target app with users, mini programs, their changes and the user trend. */
export async function answerApps(db: Knex, request: Extract<StatsRequest, { kind: 'apps' }>): Promise<StatsAnswer> {
  return { kind: 'apps', request, data: await readApps(db, request.workspace.workspaceId, request.period, request.sort) };
}
