import fs from 'node:fs';
import path from 'node:path';
import type { CsvRecord, Dataset } from './generate-dataset.ts';
import { writeCsv } from './write-csv.ts';

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
