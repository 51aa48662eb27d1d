import type { ImportContext } from './import-context.ts';

/** How one CSV file of the import contract is checked and written. */
export interface FileImporter<Row, Prepared = undefined> {
  file: string;
  columns: readonly string[];
  /** Rows checked before each write (default BATCH_SIZE). */
  batchSize?: number;
  /** Checks one row; throws RowError with the reason when it is bad. */
  parseRow(values: Record<string, string>, context: ImportContext): Row;
  /**
   * Reads what a batch will need of the store as it was before the import (on `context.reader`),
   * while the batch before is still being written; its result goes to writeBatch.
   */
  prepareBatch?(rows: Row[], context: ImportContext): Promise<Prepared>;
  /** Writes checked rows (upserts by key); may throw RowError naming the first bad row's reason. */
  writeBatch(rows: Row[], context: ImportContext, prepared: Prepared): Promise<void>;
}

export const BATCH_SIZE = 5000;
