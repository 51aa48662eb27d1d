import type { Knex } from 'knex';
import type { Reply } from '../domain/replies.ts';
import type { StatsRequest } from '../domain/requests.ts';
import { answerStats } from './answer-stats.ts';

/** `export <merchants|apps|app|breakdown> ...`: the same data, delivered as an Excel workbook. */
export async function answerExport(db: Knex, request: StatsRequest): Promise<Reply> {
  return { type: 'stats', answer: await answerStats(db, request), export: true };
}
