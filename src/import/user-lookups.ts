/**
 * Finding a batch's users in the store: each user's app_users.id and stored state, looked up a
 * chunk at a time in index order; users not stored are created (with unknown source).
 */
import type { Knex } from 'knex';
import { selectByUserIds, upsertRows } from '../db/bulk-rows.ts';
import { splitInto } from '../util/arrays.ts';
import { handledLater } from '../util/handled-later.ts';
import type { ActivityBatch } from './activity-batch.ts';

/** Users whose refs and states are looked up, and handed to the upkeep, at a time. */
export const USERS_PER_CHUNK = 2000;
/** Chunks whose lookups are under way while one is worked on. */
const CHUNKS_AHEAD = 2;

/**
 * The lookups of a batch's stored users, app by app, a chunk of users at a time in index order
 * (see importActivity.writeBatch), kept CHUNKS_AHEAD chunks ahead of their use; they fill in each user's
 * app_users.id (0 while not found) and stored state (null where none), by user number. On MySQL
 * they run on the reader (the store as it was before the import), several queries at once, and
 * start as soon as the batch is complete, while the batch before it is written: its apps' users
 * are another part of the indexes, and what that batch changes is looked up again in the
 * transaction. Elsewhere they run in the transaction, when the batch is written.
 */
export class UserLookups {
  /** Each app's users by id in index order, with their numbers. */
  readonly apps: { appRef: number; userIds: string[]; numbers: Uint32Array }[];
  readonly refs: Uint32Array;
  readonly states: (Uint8Array | null)[];
  private app = 0;
  private first = 0;
  private readonly started: Promise<void>[] = [];

  constructor(
    private readonly batch: ActivityBatch,
    private readonly db: Knex,
    private readonly parallel: number,
    private readonly withStates: boolean,
  ) {
    this.apps = [...batch.usersByApp].map(([appRef, users]) => {
      const userIds = [...users.keys()].sort();
      return { appRef, userIds, numbers: Uint32Array.from(userIds, (userId) => users.get(userId)!) };
    });
    this.refs = new Uint32Array(batch.userIds.length);
    this.states = new Array<Uint8Array | null>(batch.userIds.length).fill(null);
  }

  /** Waits for the next chunk (chunks come app by app, in order). */
  next(): Promise<void> {
    this.readAhead();
    const chunk = this.started.shift()!;
    this.readAhead();
    return chunk;
  }

  readAhead(): this {
    while (this.started.length < CHUNKS_AHEAD && this.app < this.apps.length) {
      const { appRef, userIds } = this.apps[this.app]!;
      this.started.push(handledLater(this.lookUp(appRef, userIds.slice(this.first, this.first + USERS_PER_CHUNK))));
      this.first += USERS_PER_CHUNK;
      if (this.first >= userIds.length) [this.app, this.first] = [this.app + 1, 0];
    }
    return this;
  }

  /** Users from `user_states` (ref and state), the rest (and all of them without `withStates`) from `app_users`. */
  private async lookUp(appRef: number, userIds: string[]): Promise<void> {
    const users = this.batch.usersByApp.get(appRef)!;
    const { refs, states } = this;
    await Promise.all(
      splitInto(userIds, this.parallel).map(async (part) => {
        if (this.withStates) {
          for (const [userId, userRef, state] of await selectByUserIds(this.db, 'user_states', ['user_id', 'user_ref', 'state'], appRef, part)) {
            const user = users.get(userId)!;
            refs[user] = Number(userRef);
            states[user] = state;
          }
        }
        await readUserRefs(this.db, appRef, this.withStates ? part.filter((userId) => refs[users.get(userId)!] === 0) : part, users, refs);
      }),
    );
  }
}

/** The app_users.id of some users of an app (`users`: their numbers), where stored. */
async function readUserRefs(db: Knex, appRef: number, userIds: string[], users: Map<string, number>, refs: Uint32Array): Promise<void> {
  for (const [userId, id] of await selectByUserIds(db, 'app_users', ['user_id', 'id'], appRef, userIds)) refs[users.get(userId)!] = Number(id);
}

/** Users the lookups beside the transaction did not find: created earlier in this import, or new (then created here). */
export async function findInTransaction(
  trx: Knex.Transaction,
  appRef: number,
  userIds: string[],
  users: Map<string, number>,
  refs: Uint32Array,
): Promise<void> {
  await readUserRefs(trx, appRef, userIds, users, refs);
  const missing = userIds.filter((userId) => refs[users.get(userId)!] === 0);
  if (missing.length === 0) return;
  await upsertRows(
    trx,
    'app_users',
    missing.map((userId) => ({ app_ref: appRef, user_id: userId, source: null })),
    ['app_ref', 'user_id'],
    [],
  );
  await readUserRefs(trx, appRef, missing, users, refs);
}
