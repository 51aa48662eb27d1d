import type { Knex } from 'knex';
import { rebuildAppAggregates } from './rebuild-app-aggregates.ts';

/** Recomputes the aggregates of every app (or of the given ones), app by app; returns how many. */
export async function rebuildAggregates(db: Knex, options: { appRefs?: number[]; onApp?: (appRef: number, ms: number) => void } = {}): Promise<number> {
  const refs = options.appRefs ?? (await db('apps').orderBy('id').pluck('id')).map(Number);
  for (const ref of refs) {
    const started = performance.now();
    await rebuildAppAggregates(db, ref);
    options.onApp?.(ref, performance.now() - started);
  }
  return refs.length;
}
