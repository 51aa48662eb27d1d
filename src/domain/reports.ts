/**
 * The reports and what each one is made of: the request that asks it (besides the workspace and
 * the period every request has) and the data that answers it. The request, answer and registry
 * types of every layer derive from this table, so a report added here is named by the compiler
 * everywhere it still needs a part.
 */
import type { AppRecord, WorkspaceRecord } from './records.ts';
import type { AppData, AppsData, AppsSort, BreakdownData, MerchantsData, OverviewData, Period, VisitorMetric } from './types.ts';

export interface Reports {
  overview: { request: object; data: OverviewData };
  merchants: { request: object; data: MerchantsData };
  apps: { request: { sort: AppsSort }; data: AppsData };
  app: { request: AppScope & { metric: VisitorMetric }; data: AppData };
  breakdown: { request: AppScope; data: BreakdownData };
}

export type ReportKind = keyof Reports;

/** What every request holds: the workspace it is about and the period, resolved. */
export interface RequestBase {
  workspace: WorkspaceRecord;
  period: Period;
}

/** The app a request of one app is about, and the category it is narrowed to (the stored spelling), if any. */
export interface AppScope {
  app: AppRecord;
  category: string | null;
}

/**
 * A statistics question of one report with every name looked up and every date resolved. Of a
 * union of kinds, the union of their requests (so RequestOf<ReportKind> is StatsRequest).
 */
export type RequestOf<K extends ReportKind> = K extends ReportKind ? RequestBase & { kind: K } & Reports[K]['request'] : never;

export type DataOf<K extends ReportKind> = Reports[K]['data'];

/** The data behind an answer, with the request it answers (of a union of kinds, the union of their answers). */
export type AnswerOf<K extends ReportKind> = K extends ReportKind ? { kind: K; request: RequestOf<K>; data: DataOf<K> } : never;

/**
 * A statistics question of any report: the one request type the console, `--json`, Slack answers,
 * buttons and digests all work from.
 */
export type StatsRequest = RequestOf<ReportKind>;

export type StatsAnswer = AnswerOf<ReportKind>;
