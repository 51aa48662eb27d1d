/**
 * Importing new days through the importer, aggregate upkeep included, timed: the last day's
 * users again, several days in a row (the median is reported), then a day drawn like the
 * generated ones (see bench-days.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { importDirectory } from '../import/import-directory.ts';
import { writeFreshDayCsv, writeNextDayCsv } from './bench-days.ts';
import type { BenchShape } from './generate-bench-data.ts';
import { computeMedian } from './timing.ts';

/** Days imported one after the other for the import-day figure. */
const IMPORT_RUNS = 3;

export interface ImportedDay {
  day: string;
  rows: number;
  seconds: number;
  /** Active (app, user) pairs of the day, and those whose first activity in the app it is. */
  users: number;
  newUsers: number;
}

export interface ImportTimes {
  /** The last day's users again, IMPORT_RUNS days in a row, and the median of their times. */
  repeated: ImportedDay[];
  medianSeconds: number;
  /** A day drawn like the generated ones. */
  fresh: ImportedDay;
}

/** Imports the days; `onDay` hears of each, and whether it was drawn like the generated ones. */
export async function measureImports(db: Knex, shape: BenchShape, onDay: (day: ImportedDay, fresh: boolean) => void): Promise<ImportTimes> {
  const repeated: ImportedDay[] = [];
  for (let run = 0; run < IMPORT_RUNS; run++) {
    repeated.push(await importDay(db, (dir) => writeNextDayCsv(db, dir)));
    onDay(repeated.at(-1)!, false);
  }
  // Then a day drawn like the generated ones: users back after weeks, and users new to the app.
  const fresh = await importDay(db, (dir) => writeFreshDayCsv(db, dir, shape));
  onDay(fresh, true);
  return { repeated, medianSeconds: computeMedian(repeated.map((i) => i.seconds)), fresh };
}

/** Writes a day's activity.csv into a directory of its own and imports it, timed. */
async function importDay(db: Knex, write: (dir: string) => Promise<{ day: string; rows: number }>): Promise<ImportedDay> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-bench-day-'));
  try {
    const written = await write(dir);
    const started = performance.now();
    await importDirectory(db, dir);
    const seconds = (performance.now() - started) / 1000;
    const [counts] = await db('agg_daily').where({ day: written.day, scope_ref: 0 }).sum<{ users: number }[]>({ users: 'uv' });
    const [firsts] = await db('agg_first_days').where({ day: written.day, scope_ref: 0 }).sum<{ users: number }[]>({ users: 'users' });
    return { ...written, seconds, users: Number(counts?.users ?? 0), newUsers: Number(firsts?.users ?? 0) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
