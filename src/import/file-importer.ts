import type { ImportContext } from './import-context.ts';

/** How one CSV file of the import contract is checked and written. */
export interface FileImporter<Row> {
  file: string;
  columns: readonly string[];
  /** Rows checked before each write (default BATCH_SIZE). */
  batchSize?: number;
  /** Checks one row; throws RowError with the reason when it is bad. */
  parseRow(values: Record<string, string>, context: ImportContext): Row;
  /** Writes checked rows (upserts by key); may throw RowError naming the first bad row's reason. */
  writeBatch(rows: Row[], context: ImportContext): Promise<void>;
}

export const BATCH_SIZE = 5000;
