/**
 * Statistics requests and answers of any report, through the report's definition: resolving a
 * typed command, running its query, the command text that asks it again, and its answer as
 * console text, `--json`, a Block Kit message, charts and workbooks.
 */
import type { KnownBlock } from '@slack/types';
import type { Knex } from 'knex';
import type { StatsCommand } from '../domain/commands.ts';
import { labelPeriod } from '../domain/labels.ts';
import type { WorkspaceRecord } from '../domain/records.ts';
import type { ReportKind, StatsAnswer, StatsRequest } from '../domain/reports.ts';
import type { PeriodDays } from '../domain/types.ts';
import { resolveEndDate } from '../query/resolve-words.ts';
import { type AnswerFile, renderChartFiles as renderCharts, renderWorkbookFiles as renderWorkbooks } from '../render/answer-files.ts';
import { ACTION, buildChoiceButton, buildExportButton } from '../render/blocks/answer-controls.ts';
import { actions, clip, context, escapeMrkdwn, fitBlocks, header, type SlackMessage } from '../render/blocks/block-kit.ts';
import { describePeriod } from '../render/text/format-text.ts';
import { resolvePeriod } from '../stats/resolve-period.ts';
import { findReport } from './index.ts';
import type { ReportDefinition } from './report-definition.ts';

/** The periods every answer offers a button for. */
const PERIODS: readonly PeriodDays[] = [1, 7, 30];
const DEFAULT_PERIOD: PeriodDays = 7;

/** Fixes a typed command's period and end date in the workspace's zone, and looks up what it names. */
export function resolveStatsRequest(db: Knex, workspace: WorkspaceRecord, command: StatsCommand, now: Date = new Date()): Promise<StatsRequest> {
  const period = resolvePeriod(command.period ?? DEFAULT_PERIOD, resolveEndDate(command.date, workspace.timezone, now));
  return findReport(command.kind).resolve(db, command, { workspace, period });
}

/** Runs the query behind a request (commands, buttons and digests alike). */
export async function answerStats(db: Knex, request: StatsRequest): Promise<StatsAnswer> {
  const data = await findReport(request.kind).query(db, request);
  // The report of request.kind answered request: its data is DataOf that kind (which the compiler cannot follow through the union).
  return { kind: request.kind, request, data } as StatsAnswer;
}

export interface CommandTextOptions {
  /** As `export …`. */
  export?: boolean;
  /** Without the end date, and without default options (what digests store). */
  undated?: boolean;
}

/**
 * The command text that asks exactly this request again: what buttons and menus carry (with the
 * end date pinned) and digests store (undated), and what parseCommand reads back into the same
 * request.
 */
export function buildCommandText(request: StatsRequest, options: CommandTextOptions = {}): string {
  return commandTextWith(findReport(request.kind), request, options);
}

function commandTextWith(report: ReportDefinition<ReportKind>, request: StatsRequest, options: CommandTextOptions): string {
  const undated = options.undated ?? false;
  const words = report.words(request, { undated });
  return [
    ...(options.export ? ['export'] : []),
    request.kind,
    ...words.subject,
    `${request.period.days}d`,
    ...(undated ? [] : [request.period.end]),
    ...words.options,
  ].join(' ');
}

/** The data behind an answer, as `--json` prints it. */
export function answerJson(answer: StatsAnswer): unknown {
  return findReport(answer.kind).json(answer.data);
}

/** The console's answer: headline numbers with changes, aligned tables. */
export function renderStatsText(answer: StatsAnswer): string {
  return findReport(answer.kind).text(answer);
}

export interface StatsBlocksOptions {
  /** The app's categories, for the category menu. */
  categories?: readonly string[];
  /** Shown under the answer, e.g. "Charts are in the thread." */
  note?: string;
  /** Without buttons (digests). */
  interactive?: boolean;
}

/** The Block Kit answer: header and period, the report's blocks, the controls that refine it, and the note. */
export function renderStatsBlocks(answer: StatsAnswer, options: StatsBlocksOptions = {}): SlackMessage {
  const report = findReport(answer.kind);
  const { request } = answer;
  const { title, text, body } = report.message(answer);
  const blocks: KnownBlock[] = [header(title), context(escapeMrkdwn(describePeriod(request))), ...body];
  if (options.interactive !== false) blocks.push(...controlsWith(report, request, options.categories ?? []));
  if (options.note) blocks.push(context(options.note));
  return { text: clip(text, 3000), blocks: fitBlocks(blocks, (n) => `${n} more blocks did not fit in one message; Download Excel has everything.`) };
}

/** The period buttons, the report's own controls, and Download Excel when it exports. */
function controlsWith(report: ReportDefinition<ReportKind>, request: StatsRequest, categories: readonly string[]): KnownBlock[] {
  const ask = (asked: StatsRequest, options: { export?: boolean } = {}) => commandTextWith(report, asked, options);
  const own = report.controls(request, { ask, categories });
  const periods = PERIODS.map((days) =>
    buildChoiceButton(
      labelPeriod(days),
      `${ACTION.period}_${days}`,
      ask({ ...request, period: resolvePeriod(days, request.period.end) }),
      request.period.days === days,
    ),
  );
  const first = [...periods, ...own.buttons, ...(report.grammar.exportable ? [buildExportButton(ask(request, { export: true }))] : [])];
  return [actions('miniapp_refine', first), ...own.rows];
}

/** The Block Kit answer with its menus filled in (the app's categories are read from the store). */
export async function buildAnswerMessage(db: Knex, answer: StatsAnswer, options: Omit<StatsBlocksOptions, 'categories'> = {}): Promise<SlackMessage> {
  const report = findReport(answer.kind);
  const categories = report.readMenuCategories ? await report.readMenuCategories(db, answer.request) : [];
  return renderStatsBlocks(answer, { ...options, categories });
}

/** "7d-2026-03-31": what file names say of the period. */
function periodSuffix(request: StatsRequest): string {
  return `${request.period.days}d-${request.period.end}`;
}

/** The answer's charts as PNG files. */
export async function renderChartFiles(answer: StatsAnswer): Promise<AnswerFile[]> {
  return renderCharts(findReport(answer.kind).charts(answer), periodSuffix(answer.request));
}

/** The answer as Excel workbooks (the overview: its merchants and its apps, one workbook each). */
export async function renderWorkbookFiles(answer: StatsAnswer): Promise<AnswerFile[]> {
  return renderWorkbooks(findReport(answer.kind).workbooks(answer), periodSuffix(answer.request));
}
