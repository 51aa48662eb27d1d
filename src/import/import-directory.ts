import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { isMysql } from '../db/database.ts';
import { withWriterLock } from '../db/with-writer-lock.ts';
import { ImportError, RowError } from '../domain/errors.ts';
import { handledLater } from '../util/handled-later.ts';
import { importActivity } from './activity-file.ts';
import type { FileImporter } from './file-importer.ts';
import { BATCH_SIZE } from './file-importer.ts';
import { type ImportContext, loadImportContext } from './import-context.ts';
import { findLineOfRow, readCsvRows } from './read-csv-rows.ts';
import { importApps, importMembers, importMerchants, importMiniPrograms, importUsers, importWorkspaces } from './reference-files.ts';

/** The contract's files, in the order they are imported. */
// biome-ignore lint/suspicious/noExplicitAny: each importer has its own record and context types
export const IMPORT_FILES: readonly FileImporter<any, any>[] = [
  importWorkspaces,
  importMembers,
  importMerchants,
  importApps,
  importMiniPrograms,
  importUsers,
  importActivity,
];

export interface ImportSummary {
  files: { file: string; rows: number }[];
  /** apps.id → the days whose activity was written, sorted. */
  touchedDays: Map<number, string[]>;
}

export interface ImportOptions {
  /** Skip aggregate upkeep: touched apps are marked stale, to be rebuilt after (a first load of much data). */
  deferAggregates?: boolean;
  onProgress?: (file: string, rows: number) => void;
  /** Rows written at a time (default: the file's own batch size, 5,000 for most). */
  batchSize?: number;
  /** Runs inside the import's transaction after every file is written (e.g. aggregate upkeep). */
  afterWrite?: (trx: Knex.Transaction, summary: ImportSummary) => Promise<void>;
}

/**
 * Imports the contract's CSV files found in `dir` in one transaction: every row is checked, and
 * the first bad one aborts the whole import with an ImportError naming file, line and reason.
 */
export async function importDirectory(db: Knex, dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ImportError(dir, null, 'no such directory');
  }
  const present = IMPORT_FILES.filter((importer) => fs.existsSync(path.join(dir, importer.file)));
  if (present.length === 0) {
    throw new ImportError(dir, null, `no import files found; expected any of ${IMPORT_FILES.map((f) => f.file).join(', ')}`);
  }
  return withWriterLock(db, () =>
    db.transaction(async (trx) => {
      const reader = isMysql(db) && !db.isTransaction ? db : null;
      const context = await loadImportContext(trx, { deferAggregates: options.deferAggregates, reader });
      const files: ImportSummary['files'] = [];
      for (const importer of present) {
        files.push({ file: importer.file, rows: await importFile(importer, path.join(dir, importer.file), context, options) });
      }
      await context.upkeep.finish(trx);
      const touchedDays = new Map([...context.touchedDays].map(([appRef, days]) => [appRef, [...days].sort()]));
      const summary = { files, touchedDays };
      await options.afterWrite?.(trx, summary);
      return summary;
    }),
  );
}

/**
 * Checks the file's rows batch by batch. A batch is written while the next one is read and
 * checked (parsing never depends on the same file's writes); writes stay in order, one at a time.
 */
async function importFile(
  importer: FileImporter<{ length: number }, unknown>,
  filePath: string,
  context: ImportContext,
  options: ImportOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? importer.batchSize ?? BATCH_SIZE;
  let batch = importer.startBatch();
  // The number (as readCsvRows counts them) of the batch's first row: its rows are consecutive.
  let firstRow = 1;
  let count = 0;
  let writing: Promise<void> = Promise.resolve();
  const failure = async (row: number | undefined, error: RowError) =>
    new ImportError(importer.file, row === undefined ? null : await findLineOfRow(filePath, row), error.message);
  const write = async (rows: { length: number }, first: number, prepared: unknown) => {
    try {
      await importer.writeBatch(rows, context, prepared);
    } catch (error) {
      if (error instanceof RowError) throw await failure(first + (error.batchIndex ?? 0), error);
      throw error;
    }
    count += rows.length;
    options.onProgress?.(importer.file, count);
  };
  const flush = () => {
    if (batch.length === 0) return;
    const [rows, first] = [batch, firstRow];
    batch = importer.startBatch(rows);
    firstRow = first + rows.length;
    const prepared = importer.prepareBatch?.(rows, context);
    // Awaited later: before the next batch is written, and at the end.
    writing = handledLater(writing.then(() => write(rows, first, prepared)));
  };
  let row = 0;
  try {
    for await (const rows of readCsvRows(filePath, importer.file, importer.columns)) {
      for (const values of rows) {
        row++;
        try {
          importer.addRow(batch, values, context);
        } catch (error) {
          if (error instanceof RowError) throw await failure(row, error);
          throw error;
        }
        if (batch.length >= batchSize || importer.isComplete?.(batch)) {
          // The next batch is read from the file once the last is written.
          const previous = writing;
          flush();
          await previous;
        }
      }
    }
  } catch (error) {
    // A write of earlier lines that failed is the first error.
    await writing;
    throw error;
  }
  flush();
  await writing;
  await importer.finishFile?.(context);
  return count;
}
