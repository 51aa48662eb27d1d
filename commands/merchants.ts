import type { Knex } from 'knex';
import type { StatsRequest } from '../src/query/stats-request.ts';
import { readMerchants } from '../src/stats/read-merchants.ts';
import type { StatsAnswer } from './answer.ts';

/** `merchants`: onboarding numbers and their daily series. */
export async function answerMerchants(db: Knex, request: Extract<StatsRequest, { kind: 'merchants' }>): Promise<StatsAnswer> {
  return { kind: 'merchants', request, data: await readMerchants(db, request.workspace.workspaceId, request.period) };
}
