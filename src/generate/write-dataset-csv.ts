import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { CsvRecord, Dataset } from './generate-dataset.ts';

const FILES: [keyof Omit<Dataset, 'options'>, string][] = [
  ['workspaces', 'workspaces.csv'],
  ['members', 'members.csv'],
  ['merchants', 'merchants.csv'],
  ['apps', 'apps.csv'],
  ['miniPrograms', 'mini_programs.csv'],
  ['users', 'users.csv'],
  ['activity', 'activity.csv'],
];

/** Writes a data set as the import contract's CSV files into `dir`; returns rows written per file. */
export async function writeDatasetCsv(dataset: Dataset, dir: string): Promise<Record<string, number>> {
  fs.mkdirSync(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const [table, file] of FILES) {
    const source = dataset[table];
    const rows: Iterable<CsvRecord> = typeof source === 'function' ? source() : source;
    counts[file] = await writeCsv(path.join(dir, file), rows);
  }
  return counts;
}

async function writeCsv(filePath: string, rows: Iterable<CsvRecord>): Promise<number> {
  const output = fs.createWriteStream(filePath);
  const stringifier = stringify({ header: true });
  stringifier.pipe(output);
  let count = 0;
  for (const row of rows) {
    if (!stringifier.write(row)) await once(stringifier, 'drain');
    count++;
  }
  stringifier.end();
  await once(output, 'finish');
  return count;
}
