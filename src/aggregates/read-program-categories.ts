import type { Knex } from 'knex';

/** mini_programs.id → app_categories.id, for an app's mini programs (categories synced first). */
export async function readProgramCategories(db: Knex | Knex.Transaction, appRef: number): Promise<Map<number, number>> {
  const rows = await db('mini_programs')
    .join('app_categories', (on) => on.on('app_categories.app_ref', '=', 'mini_programs.app_ref').andOn('app_categories.name', '=', 'mini_programs.category'))
    .where('mini_programs.app_ref', appRef)
    .select<{ id: number; category_ref: number }[]>('mini_programs.id', 'app_categories.id as category_ref');
  return new Map(rows.map((r) => [Number(r.id), Number(r.category_ref)]));
}
