/**
 * Rebuilds: an app's aggregates recomputed from the store, its users' whole histories read along
 * the activity's key (see user-histories.ts), after which the app is fresh.
 */
import type { Knex } from 'knex';
import { withWriterLock } from '../db/with-writer-lock.ts';
import { handledLater } from '../util/handled-later.ts';
import { AggregateChanges } from './aggregate-changes.ts';
import { applyAggregateChanges, readProgramCategories, setAggregateState, syncAppCategories } from './aggregate-store.ts';
import { computeUserContribution } from './user-contribution.ts';
import { listUserDays, readActivityByUser } from './user-histories.ts';
import { UserStateEditor } from './user-state.ts';
import { readAppUsers, type UserStateWrite, writeUserStates } from './user-store.ts';

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

/** Users whose states are written at a time. */
const USERS_PER_CHUNK = 5000;
/** Activity rows held in memory at a time (about 16 bytes each): the app's users are taken in as many id ranges as needed. */
const ROWS_PER_PASS = 10_000_000;
const AGGREGATE_TABLES = ['agg_daily', 'agg_first_days', 'agg_preferences', 'user_states'];

/** Recomputes every aggregate of one app from the store, in one transaction; the app is then fresh. */
export async function rebuildAppAggregates(db: Knex, appRef: number, now = Date.now()): Promise<void> {
  await withWriterLock(db, () =>
    db.transaction(async (trx) => {
      for (const table of AGGREGATE_TABLES) await trx(table).where('app_ref', appRef).delete();
      const categories = await syncAppCategories(trx, appRef);
      const bounds = await trx('app_users')
        .where('app_ref', appRef)
        .first<{ low: number | null; high: number | null }>(trx.raw('MIN(id) AS low'), trx.raw('MAX(id) AS high'));
      const programCategories = await readProgramCategories(trx, appRef);
      const changes = new AggregateChanges();
      const editor = new UserStateEditor();
      const low = Number(bounds?.low ?? 1);
      const high = bounds?.high == null ? low - 1 : Number(bounds.high);
      const rows = Number((await trx('activity').where('app_ref', appRef).count<{ n: number }[]>({ n: '*' }))[0]!.n);
      const span = Math.ceil((high - low + 1) / Math.max(1, Math.ceil(rows / ROWS_PER_PASS)));
      // The database reads the next users' ids and sources while these are computed, and writes
      // the last states while the next are sorted (the transaction's connection runs them in order;
      // a failure surfaces where awaited).
      let writing: Promise<void> = Promise.resolve();
      for (let from = low; from <= high; from += span) {
        const activity = await readActivityByUser(trx, appRef, programCategories, { from, to: Math.min(high, from + span - 1) });
        const usersOf = (first: number) =>
          first >= activity.users.length ? null : handledLater(readAppUsers(trx, { only: [...activity.users.subarray(first, first + USERS_PER_CHUNK)] }));
        const states = new StatesToWrite();
        let reading = usersOf(0);
        for (let first = 0; reading; first += USERS_PER_CHUNK) {
          const users = await reading;
          reading = usersOf(first + USERS_PER_CHUNK);
          for (let i = first; i < Math.min(first + USERS_PER_CHUNK, activity.users.length); i++) {
            const userRef = activity.users[i]!;
            const user = users.get(userRef);
            const contribution = computeUserContribution(listUserDays(activity, i), categories.rank);
            changes.add(contribution, user?.source ?? 'unknown', 1, { daily: true });
            // Activity of a ref with no app_users row (written around the importer) has no user id
            // an import could name again: it counts, but has no state to keep.
            if (user) states.add(user.userId, userRef, editor.loadState(contribution).encode());
          }
        }
        for (const chunk of states.inKeyOrder(USERS_PER_CHUNK)) {
          await writing;
          writing = handledLater(writeUserStates(trx, appRef, chunk));
        }
      }
      await writing;
      await applyAggregateChanges(trx, appRef, changes);
      await setAggregateState(trx, appRef, 'fresh', null, now);
    }),
  );
}

/**
 * A pass's states, kept compactly (their bytes end to end) until they are written in key order:
 * inserted in that order, `user_states` fills its pages, where states inserted in app_users.id
 * order would land all over its key and leave pages half empty (twice the pages to read and
 * write on every import).
 */
class StatesToWrite {
  private readonly userIds: string[] = [];
  private readonly refs: number[] = [];
  private readonly ends: number[] = [];
  private bytes = Buffer.alloc(1 << 16);
  private length = 0;

  add(userId: string, userRef: number, state: Uint8Array): void {
    if (this.length + state.length > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + state.length));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(state, this.length);
    this.length += state.length;
    this.userIds.push(userId);
    this.refs.push(userRef);
    this.ends.push(this.length);
  }

  *inKeyOrder(size: number): Generator<UserStateWrite[]> {
    const { userIds } = this;
    // Code unit order: the index's own for ids without characters beyond U+FFFF (and only where pages fill depends on it).
    const order = Array.from(userIds.keys()).sort((a, b) => (userIds[a]! < userIds[b]! ? -1 : userIds[a]! > userIds[b]! ? 1 : 0));
    for (let first = 0; first < order.length; first += size) {
      yield order.slice(first, first + size).map((i) => ({
        userId: userIds[i]!,
        userRef: this.refs[i]!,
        state: this.bytes.subarray(i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!),
      }));
    }
  }
}
