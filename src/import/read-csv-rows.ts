import fs from 'node:fs';
import { parse, CsvError, type Parser } from 'csv-parse';
import { ImportError } from './import-error.ts';

const OPTIONS = { bom: true, skip_empty_lines: true, relax_quotes: false } as const;

/**
 * Streams the rows of a CSV file with a header row, a chunk of rows at a time (as the parser
 * gives them), keeping only `columns` (extra columns are ignored): each row is its values by
 * column name, and rows are numbered from 1 (the first after the header) across the chunks. A
 * missing column or malformed CSV becomes an ImportError with the line number.
 */
export async function* readCsvRows(filePath: string, fileName: string, columns: readonly string[]): AsyncGenerator<Record<string, string>[]> {
  // Without csv-parse's per-record `info` (a third of its time): lineOfRow finds a bad row's line.
  const parser = fs.createReadStream(filePath).pipe(parse(OPTIONS));
  let indexes: number[] | null = null;
  try {
    for await (const records of recordChunks(parser)) {
      const rows: Record<string, string>[] = [];
      for (const record of records) {
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
        for (let i = 0; i < columns.length; i++) values[columns[i]!] = record[indexes[i]!] ?? '';
        rows.push(values);
      }
      if (rows.length) yield rows;
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

/** The records a parser has ready, as arrays, each time it has some (one promise per chunk, not per record). */
async function* recordChunks(parser: Parser): AsyncGenerator<string[][]> {
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  parser.on('readable', signal);
  parser.on('end', () => ((ended = true), signal()));
  parser.on('error', (error) => ((failure = error), signal()));
  for (;;) {
    const records: string[][] = [];
    for (let record: string[] | null; (record = parser.read()) !== null; ) records.push(record);
    if (failure) throw failure;
    if (records.length) yield records;
    else if (ended) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
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
