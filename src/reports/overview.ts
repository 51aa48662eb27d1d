import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { readApps } from '../stats/read-apps.ts';
import { readMerchants } from '../stats/read-merchants.ts';

/** `overview`: merchant headline numbers and the target apps, most users first. */
export async function answerOverview(db: Knex, request: Extract<StatsRequest, { kind: 'overview' }>): Promise<StatsAnswer> {
  const { workspaceId } = request.workspace;
  const [merchants, apps] = await Promise.all([readMerchants(db, workspaceId, request.period), readApps(db, workspaceId, request.period, 'users')]);
  return { kind: 'overview', request, data: { merchants, apps } };
}
