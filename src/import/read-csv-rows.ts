import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { ImportError } from './import-error.ts';

export interface CsvRow {
  /** The row's number among the data rows (the first after the header is 1); lineOfRow turns it into a line number. */
  row: number;
  /** Values of the wanted columns, by column name. */
  values: Record<string, string>;
}

const OPTIONS = { bom: true, skip_empty_lines: true, relax_quotes: false } as const;

/**
 * Streams the rows of a CSV file with a header row, keeping only `columns` (extra columns are
 * ignored). A missing column or malformed CSV becomes an ImportError with the line number.
 */
export async function* readCsvRows(filePath: string, fileName: string, columns: readonly string[]): AsyncGenerator<CsvRow> {
  // Without csv-parse's per-record `info` (a third of its time): lineOfRow finds a bad row's line.
  const parser = fs.createReadStream(filePath).pipe(parse(OPTIONS));
  let indexes: number[] | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (indexes === null) {
        const header = record.map((name) => name.trim().toLowerCase());
        const missing = columns.filter((column) => !header.includes(column));
        if (missing.length > 0) {
          throw new ImportError(fileName, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header has: ${record.join(', ')})`);
        }
        indexes = columns.map((column) => header.indexOf(column));
        continue;
      }
      const values: Record<string, string> = {};
      columns.forEach((column, i) => {
        values[column] = record[indexes![i]!] ?? '';
      });
      yield { row: ++row, values };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      throw new ImportError(fileName, line, `malformed CSV: ${error.message.replace(/^Invalid Record Length: /, '')}`);
    }
    throw error;
  }
  if (indexes === null) throw new ImportError(fileName, 1, `empty file: a header row with ${columns.join(', ')} is required`);
}

/** The line where data row `row` (as numbered by readCsvRows) ends: read again, for an error message. */
export async function lineOfRow(filePath: string, row: number): Promise<number | null> {
  const parser = fs.createReadStream(filePath).pipe(parse({ ...OPTIONS, info: true }));
  let seen = -1;
  for await (const { info } of parser as AsyncIterable<{ info: { lines: number } }>) {
    if (++seen === row) {
      parser.destroy();
      return info.lines;
    }
  }
  return null;
}
