/**
 * Late data: a user with new rows before their last active day cannot be added to from their
 * state alone. Their contribution is computed again from their whole history, before and after.
 */
import type { Knex } from 'knex';
import type { AggregateChanges } from './aggregate-changes.ts';
import type { CategoryIndex } from './aggregate-store.ts';
import { computeUserContribution, type UserDay } from './user-contribution.ts';
import { readUserHistories } from './user-histories.ts';
import type { UserStateEditor } from './user-state.ts';
import { readAppUsers, type UserStateWrite } from './user-store.ts';

/** Users' new rows, by app_users.id, with their user id. */
export type RewoundUsers = Map<number, { userId: string; rows: UserDay[] }>;

/** Adds the change late rows make to `changes`, and returns the users' new states. */
export async function rewindUsers(
  trx: Knex.Transaction,
  appRef: number,
  app: { categories: CategoryIndex; programCategories: Map<number, number>; changes: AggregateChanges },
  rewound: RewoundUsers,
  editor: UserStateEditor,
): Promise<UserStateWrite[]> {
  const { categories, changes } = app;
  const histories = new Map((await readUserHistories(trx, appRef, app.programCategories, { only: [...rewound.keys()] })).map((h) => [h.userRef, h]));
  const users = await readAppUsers(trx, { only: [...rewound.keys()].filter((userRef) => !histories.has(userRef)) });
  const states: UserStateWrite[] = [];
  for (const [userRef, { userId, rows }] of rewound) {
    const before = histories.get(userRef)?.days ?? [];
    const source = histories.get(userRef)?.source ?? users.get(userRef)?.source ?? 'unknown';
    if (before.length) changes.add(computeUserContribution(before, categories.rank), source, -1, { daily: true });
    const after = computeUserContribution([...before, ...rows], categories.rank);
    changes.add(after, source, 1, { daily: true });
    states.push({ userId, userRef, state: editor.loadState(after).encode() });
  }
  return states;
}
