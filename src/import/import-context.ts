import type { Knex } from 'knex';
import { AggregateUpkeep } from '../aggregates/aggregate-upkeep.ts';
import type { AppUserRow } from '../db/tables.ts';
import { RowError } from '../domain/errors.ts';
import { DayCache } from '../util/days.ts';

export interface MiniProgramRef {
  id: number;
  appRef: number;
}

/** What an import knows about the store, updated as each file is written. */
export interface ImportContext {
  trx: Knex.Transaction;
  /**
   * Connections besides the import's transaction, for reads of what was stored before it (MySQL
   * only; null elsewhere): several run at once, so their disk reads overlap.
   */
  reader: Knex | null;
  workspaces: Set<string>;
  /** `workspace_id \0 app_id` → apps.id */
  apps: Map<string, number>;
  /** `workspace_id \0 mini_program_id` → id and app */
  miniPrograms: Map<string, MiniProgramRef>;
  /** apps.id → days whose activity this import wrote */
  touchedDays: Map<number, Set<string>>;
  /** The aggregate changes this import makes, applied when every file is written. */
  upkeep: AggregateUpkeep;
  /** The last batch's activity rows, written while the next batch is worked on (see importActivity). */
  activityWritten: Promise<void>;
  /**
   * Users whose source this import's users.csv wrote, by app (what `reader` says of them may be
   * out of date); null once more than MAX_SOURCES_WRITTEN: then no source is taken from `reader`.
   */
  sourcesWritten: Map<number, Set<string>> | null;
  /** The days of this import's rows, checked and converted once each. */
  days: DayCache;
}

const MAX_SOURCES_WRITTEN = 1_000_000;

/** Remembers users whose source this import wrote (see ImportContext.sourcesWritten). */
export function rememberSourcesWritten(context: ImportContext, rows: readonly Pick<AppUserRow, 'app_ref' | 'user_id'>[]): void {
  const remembered = context.sourcesWritten;
  if (remembered === null) return;
  for (const { app_ref: appRef, user_id: userId } of rows) {
    let users = remembered.get(appRef);
    if (!users) {
      users = new Set();
      remembered.set(appRef, users);
    }
    users.add(userId);
  }
  if ([...remembered.values()].reduce((sum, users) => sum + users.size, 0) > MAX_SOURCES_WRITTEN) context.sourcesWritten = null;
}

export function scopeKey(workspaceId: string, id: string): string {
  return `${workspaceId}\u0000${id}`;
}

export async function loadImportContext(trx: Knex.Transaction, options: { deferAggregates?: boolean; reader?: Knex | null } = {}): Promise<ImportContext> {
  const workspaces = await trx('workspaces').select('workspace_id');
  const apps = await trx('apps').select('id', 'workspace_id', 'app_id');
  const miniPrograms = await trx('mini_programs').select('id', 'workspace_id', 'mini_program_id', 'app_ref');
  const days = new DayCache();
  return {
    trx,
    reader: options.reader ?? null,
    workspaces: new Set(workspaces.map((row) => row.workspace_id)),
    apps: new Map(apps.map((row) => [scopeKey(row.workspace_id, row.app_id), Number(row.id)])),
    miniPrograms: new Map(miniPrograms.map((row) => [scopeKey(row.workspace_id, row.mini_program_id), { id: Number(row.id), appRef: Number(row.app_ref) }])),
    touchedDays: new Map(),
    upkeep: new AggregateUpkeep(Date.now(), options.deferAggregates ?? false, days),
    activityWritten: Promise.resolve(),
    sourcesWritten: new Map(),
    days,
  };
}

/** The apps.id of an app of the workspace; RowError when neither the store nor this import has it. */
export function requireApp(context: ImportContext, workspaceId: string, appId: string): number {
  const appRef = context.apps.get(scopeKey(workspaceId, appId));
  if (appRef === undefined) {
    throw new RowError(`app "${appId}" is neither in the store nor in this import's apps.csv for workspace "${workspaceId}"`);
  }
  return appRef;
}
