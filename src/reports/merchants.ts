import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { readMerchants } from '../stats/read-merchants.ts';

/** `merchants`: onboarding numbers and their daily series. */
export async function answerMerchants(db: Knex, request: Extract<StatsRequest, { kind: 'merchants' }>): Promise<StatsAnswer> {
  return { kind: 'merchants', request, data: await readMerchants(db, request.workspace.workspaceId, request.period) };
}
