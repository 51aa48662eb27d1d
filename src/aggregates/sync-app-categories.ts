import type { Knex } from 'knex';
import { upsertRows } from '../db/bulk-rows.ts';
import { compareCodePoints } from '../util/compare-code-points.ts';

export interface CategoryIndex {
  /** name → app_categories.id */
  ids: Map<string, number>;
  /** id → position of its name in code-point order (for ties of the preferred category) */
  rank: (categoryRef: number) => number;
  names: Map<number, string>;
}

/** Gives every category of the app's mini programs an id, and returns them. */
export async function syncAppCategories(db: Knex | Knex.Transaction, appRef: number): Promise<CategoryIndex> {
  const names = await db('mini_programs').where('app_ref', appRef).distinct<{ category: string }[]>('category');
  await upsertRows(
    db,
    'app_categories',
    names.map((n) => ({ app_ref: appRef, name: n.category })),
    ['app_ref', 'name'],
    [],
  );
  return readCategoryIndex(db, appRef);
}

export async function readCategoryIndex(db: Knex | Knex.Transaction, appRef: number): Promise<CategoryIndex> {
  const rows = await db('app_categories').where('app_ref', appRef).select<{ id: number; name: string }[]>('id', 'name');
  const sorted = [...rows].sort((a, b) => compareCodePoints(a.name, b.name));
  const ranks = new Map(sorted.map((row, i) => [Number(row.id), i]));
  return {
    ids: new Map(rows.map((r) => [r.name, Number(r.id)])),
    names: new Map(rows.map((r) => [Number(r.id), r.name])),
    rank: (categoryRef) => ranks.get(categoryRef) ?? Number.MAX_SAFE_INTEGER,
  };
}
