import type { ImportContext } from './import-context.ts';

/** How one CSV file of the import contract is checked and written, a batch of rows at a time. */
export interface FileImporter<Batch extends { length: number }, Prepared = undefined> {
  file: string;
  columns: readonly string[];
  /** Rows checked before each write (default BATCH_SIZE). */
  batchSize?: number;
  /** An empty batch; the one before it (just filled, about to be written) is given, if any. */
  startBatch(previous?: Batch): Batch;
  /** Checks one row and adds it to the batch; throws RowError with the reason when it is bad. */
  addRow(batch: Batch, values: Record<string, string>, context: ImportContext): void;
  /** Whether the batch is to be written before more rows are added (besides holding batchSize rows). */
  isComplete?(batch: Batch): boolean;
  /**
   * Starts reading what a batch will need of the store as it was before the import (on
   * `context.reader`) as soon as the batch is complete, while the batch before is still being
   * written; what it returns goes to writeBatch.
   */
  prepareBatch?(batch: Batch, context: ImportContext): Prepared;
  /** Writes checked rows (upserts by key); may throw RowError naming the first bad row's reason. */
  writeBatch(batch: Batch, context: ImportContext, prepared: Prepared): Promise<void>;
  /** Completes what the file's last batch left under way. */
  finishFile?(context: ImportContext): Promise<void>;
}

export const BATCH_SIZE = 5000;

/** An importer whose batch is the array of its checked rows, each checked by `parseRow`. */
export function createRowImporter<Row>(
  importer: Omit<FileImporter<Row[]>, 'startBatch' | 'addRow' | 'prepareBatch' | 'finishFile'> & {
    /** Checks one row; throws RowError with the reason when it is bad. */
    parseRow(values: Record<string, string>, context: ImportContext): Row;
  },
): FileImporter<Row[]> {
  return {
    ...importer,
    startBatch: () => [],
    addRow: (batch, values, context) => void batch.push(importer.parseRow(values, context)),
  };
}
