import type { Knex } from 'knex';
import type { StatsRequest } from '../src/query/stats-request.ts';
import { readApps } from '../src/stats/read-apps.ts';
import { readMerchants } from '../src/stats/read-merchants.ts';
import type { StatsAnswer } from './answer.ts';

/** `overview`: merchant headline numbers and the target apps, most users first. */
export async function answerOverview(db: Knex, request: Extract<StatsRequest, { kind: 'overview' }>): Promise<StatsAnswer> {
  const { workspaceId } = request.workspace;
  const [merchants, apps] = await Promise.all([readMerchants(db, workspaceId, request.period), readApps(db, workspaceId, request.period, 'users')]);
  return { kind: 'overview', request, data: { merchants, apps } };
}
