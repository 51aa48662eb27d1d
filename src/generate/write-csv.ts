import { once } from 'node:events';
import fs from 'node:fs';
import { stringify } from 'csv-stringify';
import type { CsvRecord } from './generate-dataset.ts';

/**
 * Writes records as a CSV file with a header row, streamed; returns how many were written. The
 * header is `columns`, or the first record's keys (then an empty file has no header).
 */
export async function writeCsv(filePath: string, rows: Iterable<CsvRecord>, columns?: readonly string[]): Promise<number> {
  const output = fs.createWriteStream(filePath);
  const stringifier = stringify({ header: true, ...(columns ? { columns: [...columns] } : {}) });
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
