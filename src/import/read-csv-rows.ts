import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { ImportError } from './import-error.ts';

export interface CsvRow {
  /** Line number in the file where the record ends (the header is line 1). */
  line: number;
  /** Values of the wanted columns, by column name. */
  values: Record<string, string>;
}

/**
 * Streams the rows of a CSV file with a header row, keeping only `columns` (extra columns are
 * ignored). A missing column or malformed CSV becomes an ImportError with the line number.
 */
export async function* readCsvRows(filePath: string, fileName: string, columns: readonly string[]): AsyncGenerator<CsvRow> {
  const parser = fs.createReadStream(filePath).pipe(
    parse({ bom: true, skip_empty_lines: true, info: true, relax_quotes: false }),
  );
  let indexes: number[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
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
      yield { line: info.lines, values };
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
