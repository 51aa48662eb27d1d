/** What the reports about one app (and maybe one category) share: the words, titles, menu and workbook rows of their scope. */
import type { ActionsBlock } from '@slack/types';
import type { Knex } from 'knex';
import type { StatsCommand } from '../domain/commands.ts';
import { CONTROL_LABELS } from '../domain/labels.ts';
import type { AppScope, RequestBase } from '../domain/reports.ts';
import type { AppIdentity } from '../domain/types.ts';
import { formatCategoryWord, quoteWord } from '../query/command-words.ts';
import { resolveAppScope } from '../query/resolve-words.ts';
import { buildCategoryMenu } from '../render/blocks/answer-controls.ts';
import { buildDetailRow, type LooseCell } from '../render/xlsx/cells.ts';
import { readAppCategories } from '../stats/read-app-categories.ts';

/** The base of a request, with the app and category its words name. */
export async function resolveScopedBase(db: Knex, command: StatsCommand, base: RequestBase): Promise<RequestBase & AppScope> {
  return { ...base, ...(await resolveAppScope(db, base.workspace, command)) };
}

/** The words naming the app (by id) and the category. */
export function buildScopeWords(scope: AppScope): string[] {
  return [quoteWord(scope.app.appId), ...(scope.category === null ? [] : [formatCategoryWord(scope.category)])];
}

/** Console titles: "Acme Wallet (wallet)" or "Acme Wallet (wallet) · category Games". */
export function describeScope(scope: AppScope): string {
  const app = `${scope.app.name} (${scope.app.appId})`;
  return scope.category === null ? app : `${app} · category ${scope.category}`;
}

/** Slack titles: "Acme Wallet" and " · Games" after it when a category is chosen. */
export function formatScopeTitle(app: string, category: string | null): string {
  return category === null ? app : `${app} · ${category}`;
}

export function readScopeCategories(db: Knex, scope: AppScope): Promise<string[]> {
  return readAppCategories(db, scope.app);
}

/** The category menu of a scoped answer, when it can have one. */
export function buildScopeMenuRows(command: string, categories: readonly string[], scope: AppScope): ActionsBlock[] {
  const menu = buildCategoryMenu(command, categories, scope.category);
  return menu ? [menu] : [];
}

/** The rows of a workbook's Summary naming the app and the category. */
export function buildScopeDetailRows(app: AppIdentity, category: string | null): LooseCell[][] {
  return [buildDetailRow('App ID', app.appId), buildDetailRow('App', app.name), buildDetailRow('Category', category ?? CONTROL_LABELS.allCategories)];
}
