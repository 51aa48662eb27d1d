import type { Knex } from 'knex';
import type { StatsAnswer } from '../domain/replies.ts';
import { renderStatsBlocks, type SlackMessage, type StatsBlocksOptions } from '../render/blocks/render-stats-blocks.ts';
import { readAppCategories } from '../stats/read-app-categories.ts';

/** The Block Kit message of an answer, with the app's categories in its menu. */
export async function buildAnswerMessage(db: Knex, answer: StatsAnswer, options: Omit<StatsBlocksOptions, 'categories'> = {}): Promise<SlackMessage> {
  const categories = answer.kind === 'app' || answer.kind === 'breakdown' ? await readAppCategories(db, answer.request.app) : [];
  return renderStatsBlocks(answer, { ...options, categories });
}
