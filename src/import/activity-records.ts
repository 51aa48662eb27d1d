/**
 * A batch's activity rows as written: in the primary key's order, the file's last of rows with
 * one key only, with each user's app_users.id, and written by LOAD DATA on MySQL.
 */
import type { Knex } from 'knex';
import { type RowSource, replaceRows, type Value } from '../db/bulk-rows.ts';
import type { DayCache } from '../util/days.ts';
import type { ActivityBatch } from './activity-batch.ts';

const ACTIVITY_KEY = ['app_ref', 'day', 'user_ref', 'mini_program_ref'] as const;

/** Activity rows to write, in columns. */
export interface ActivityRecords {
  length: number;
  appRefs: Uint32Array;
  days: Int32Array;
  userRefs: Uint32Array;
  programRefs: Uint32Array;
  views: Uint32Array;
}

/** The batch's rows in key order (`refs`: each user's app_users.id, by user number). */
export function sortActivityRecords(batch: ActivityBatch, refs: Uint32Array): ActivityRecords {
  const { appRefs, days, programRefs, users } = batch;
  const compare = (a: number, b: number) =>
    appRefs[a]! - appRefs[b]! || days[a]! - days[b]! || refs[users[a]!]! - refs[users[b]!]! || programRefs[a]! - programRefs[b]! || a - b;
  let order = new Uint32Array(batch.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i > 0 && sorted && compare(i - 1, i) > 0) sorted = false;
  }
  if (!sorted) order = order.sort(compare);
  const sameKey = (a: number, b: number) => appRefs[a] === appRefs[b] && days[a] === days[b] && users[a] === users[b] && programRefs[a] === programRefs[b];
  const kept = order.filter((row, i) => i + 1 === order.length || !sameKey(row, order[i + 1]!));
  const pick = <T extends Uint32Array | Int32Array>(column: T, into: T) => {
    kept.forEach((row, i) => {
      into[i] = column[row]!;
    });
    return into;
  };
  return {
    length: kept.length,
    appRefs: pick(appRefs, new Uint32Array(kept.length)),
    days: pick(days, new Int32Array(kept.length)),
    userRefs: kept.map((row) => refs[users[row]!]!),
    programRefs: pick(programRefs, new Uint32Array(kept.length)),
    views: pick(batch.views, new Uint32Array(kept.length)),
  };
}

/** Writes the rows (replacing stored rows with their keys) on the transaction's connection. */
export async function writeActivityRecords(trx: Knex.Transaction, records: ActivityRecords, days: DayCache): Promise<void> {
  await replaceRows(trx, 'activity', activityRows(records, days), ACTIVITY_KEY);
}

function activityRows(records: ActivityRecords, days: DayCache): RowSource {
  const values: Value[] = [0, '', 0, 0, 0];
  return {
    columns: ['app_ref', 'day', 'user_ref', 'mini_program_ref', 'page_views'],
    length: records.length,
    row(i) {
      values[0] = records.appRefs[i]!;
      values[1] = days.textOf(records.days[i]!);
      values[2] = records.userRefs[i]!;
      values[3] = records.programRefs[i]!;
      values[4] = records.views[i]!;
      return values;
    },
  };
}
