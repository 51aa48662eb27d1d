import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { FileImporter } from './file-importer.ts';
import { BATCH_SIZE } from './file-importer.ts';
import { importActivity } from './import-activity.ts';
import { importApps } from './import-apps.ts';
import { loadImportContext, type ImportContext } from './import-context.ts';
import { ImportError, RowError } from './import-error.ts';
import { importMembers } from './import-members.ts';
import { importMerchants } from './import-merchants.ts';
import { importMiniPrograms } from './import-mini-programs.ts';
import { importUsers } from './import-users.ts';
import { importWorkspaces } from './import-workspaces.ts';
import { readCsvRows } from './read-csv-rows.ts';

/** The contract's files, in the order they are imported. */
export const IMPORT_FILES: readonly FileImporter<any>[] = [
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
  /** Rows written at a time (default 5,000). */
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
  return db.transaction(async (trx) => {
    const context = await loadImportContext(trx, { deferAggregates: options.deferAggregates });
    const files: ImportSummary['files'] = [];
    for (const importer of present) {
      files.push({ file: importer.file, rows: await importFile(importer, path.join(dir, importer.file), context, options) });
    }
    await context.upkeep.finish(trx);
    const touchedDays = new Map([...context.touchedDays].map(([appRef, days]) => [appRef, [...days].sort()]));
    const summary = { files, touchedDays };
    await options.afterWrite?.(trx, summary);
    return summary;
  });
}

async function importFile(importer: FileImporter<unknown>, filePath: string, context: ImportContext, options: ImportOptions): Promise<number> {
  let batch: unknown[] = [];
  let batchLines: number[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await importer.writeBatch(batch, context);
    } catch (error) {
      if (error instanceof RowError) throw new ImportError(importer.file, batchLines[error.batchIndex ?? 0] ?? null, error.message);
      throw error;
    }
    count += batch.length;
    options.onProgress?.(importer.file, count);
    batch = [];
    batchLines = [];
  };
  for await (const { line, values } of readCsvRows(filePath, importer.file, importer.columns)) {
    try {
      batch.push(importer.parseRow(values, context));
    } catch (error) {
      if (error instanceof RowError) throw new ImportError(importer.file, line, error.message);
      throw error;
    }
    batchLines.push(line);
    if (batch.length >= (options.batchSize ?? BATCH_SIZE)) await flush();
  }
  await flush();
  return count;
}
