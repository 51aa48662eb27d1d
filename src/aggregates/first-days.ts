/**
 * Users new to a scope count on their first day there under their source (users by source): the
 * sources of a chunk's newcomers are read, beside the import's transaction where that is safe.
 */
import type { Knex } from 'knex';
import type { AggregateChanges } from './aggregate-changes.ts';
import { type AppUser, readAppUsers } from './user-store.ts';

/** A user's first day in a scope, to count under their source. */
export interface Newcomer {
  userRef: number;
  userId: string;
  scope: number;
  day: number;
}

/**
 * Where sources of users new to a scope are read when not in the transaction (it is busy
 * writing): connections beside it, with the users whose source this import wrote (read in the
 * transaction; all of them when null). Users the import created are found only there too.
 */
export interface SourceReader {
  db: Knex;
  written: ReadonlySet<string> | undefined | null;
}

/** Counts users on their first day in a scope under their source. */
export async function countFirstDays(trx: Knex.Transaction, reader: SourceReader | undefined, changes: AggregateChanges, newcomers: Newcomer[]): Promise<void> {
  const users = new Map<number, AppUser>();
  const readInto = async (db: Knex, some: Newcomer[]) => {
    if (some.length) for (const [userRef, user] of await readAppUsers(db, { only: [...new Set(some.map((n) => n.userRef))] })) users.set(userRef, user);
  };
  if (reader && reader.written !== null)
    await readInto(
      reader.db,
      newcomers.filter((n) => !reader.written?.has(n.userId)),
    );
  await readInto(
    trx,
    newcomers.filter((n) => !users.has(n.userRef)),
  );
  for (const { userRef, scope, day } of newcomers) changes.addFirstDay(scope, day, users.get(userRef)?.source ?? 'unknown', 1);
}
