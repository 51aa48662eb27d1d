import type { Knex } from 'knex';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges } from './apply-aggregate-changes.ts';
import { computeUserContribution } from './compute-user-contribution.ts';
import { readProgramCategories } from './read-program-categories.ts';
import { readUserHistories } from './read-user-histories.ts';
import { setAggregateState } from './set-aggregate-state.ts';
import { syncAppCategories } from './sync-app-categories.ts';
import type { UserState } from './append-user-days.ts';
import { writeUserStates } from './write-user-states.ts';

const USERS_PER_CHUNK = 5000;
const AGGREGATE_TABLES = ['agg_daily', 'agg_first_days', 'agg_preferences', 'user_states'];

/** Recomputes every aggregate of one app from the store, in one transaction; the app is then fresh. */
export async function rebuildAppAggregates(db: Knex, appRef: number, now = Date.now()): Promise<void> {
  await db.transaction(async (trx) => {
    for (const table of AGGREGATE_TABLES) await trx(table).where('app_ref', appRef).delete();
    const categories = await syncAppCategories(trx, appRef);
    const bounds = await trx('app_users').where('app_ref', appRef).first<{ low: number | null; high: number | null }>(trx.raw('MIN(id) AS low'), trx.raw('MAX(id) AS high'));
    const programCategories = await readProgramCategories(trx, appRef);
    const changes = new AggregateChanges();
    const low = Number(bounds?.low ?? 1);
    const high = bounds?.high == null ? low - 1 : Number(bounds.high);
    // The database reads the next chunk and writes the last one while this one is computed (the
    // transaction's connection runs them in order; a failure surfaces where it is awaited).
    const quiet = <T>(promise: Promise<T>) => {
      promise.catch(() => undefined);
      return promise;
    };
    const read = (from: number) => (from > high ? null : quiet(readUserHistories(trx, appRef, programCategories, { from, to: from + USERS_PER_CHUNK - 1 })));
    let reading = read(low);
    let writing: Promise<void> = Promise.resolve();
    for (let from = low; reading; from += USERS_PER_CHUNK) {
      const histories = await reading;
      reading = read(from + USERS_PER_CHUNK);
      const states: [number, UserState][] = [];
      for (const history of histories) {
        const contribution = computeUserContribution(history.days, categories.rank);
        changes.add(contribution, history.source, 1, { daily: true });
        states.push([history.userRef, contribution]);
      }
      await writing;
      writing = quiet(writeUserStates(trx, appRef, states));
    }
    await writing;
    await applyAggregateChanges(trx, appRef, changes);
    await setAggregateState(trx, appRef, 'fresh', null, now);
  });
}
