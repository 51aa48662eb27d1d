import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Knex } from 'knex';
import type { StatsCommand } from '../domain/commands.ts';
import type { AnswerOf, DataOf, ReportKind, RequestBase, RequestOf } from '../domain/reports.ts';
import type { ChartSpec, WorkbookSpec } from '../render/answer-files.ts';

/** Which words of the command language a report reads besides its period and end date. */
export interface ReportGrammar {
  /** It is about one app, named right after the subcommand (`app wallet`). */
  app: boolean;
  /** `category:<name>` (or the category's name after the app) narrows it to one category. */
  category: boolean;
  /** `sort:users|miniprograms` orders it. */
  sort: boolean;
  /** `metric:uv|pv|new|lifetime` picks the metric of its trend chart. */
  metric: boolean;
  /** `export <kind> …` answers it with its workbook. */
  exportable: boolean;
  /** A digest may post it (`digest add #channel … <kind> …`). */
  digest: boolean;
}

/** Its line of the help: `/miniapp-stats <kind> <usage>`: <summary>. */
export interface ReportHelp {
  usage: string;
  summary: string;
}

/** The words that ask a request again, besides its kind, period and end date. */
export interface RequestWords {
  /** Right after the kind: the app and the category. */
  subject: string[];
  /** After the period and the date: the options (sort, metric). */
  options: string[];
}

/** A report's part of its Block Kit answer (the header, the period and the controls are added around it). */
export interface MessageParts {
  title: string;
  /** The notification text: the title and the headline figures on one line. */
  text: string;
  body: KnownBlock[];
}

export interface ControlContext<K extends ReportKind> {
  /** The command text that asks a request (what a button carries), as an export when asked. */
  ask(request: RequestOf<K>, options?: { export?: boolean }): string;
  /** The categories of the request's app, for a category menu. */
  categories: readonly string[];
}

/** A report's own controls; every answer also has the period buttons, and Download Excel when exportable. */
export interface Controls {
  /** Buttons after the period buttons, in the first row. */
  buttons: Button[];
  /** Rows after the first. */
  rows: ActionsBlock[];
}

/**
 * Everything about one report: its words, how a typed command becomes its request and back, its
 * query, and how its answer reads in the console, `--json`, Slack, charts and workbooks. The
 * registry (src/reports/index.ts) holds one per ReportKind.
 */
export interface ReportDefinition<K extends ReportKind> {
  readonly kind: K;
  readonly grammar: ReportGrammar;
  readonly help: ReportHelp;
  /**
   * The request a typed command asks, its period and end date already resolved: names looked up
   * (InputError says what is wrong and what would work), defaults filled in.
   */
  resolve(db: Knex, command: StatsCommand, base: RequestBase): Promise<RequestOf<K>>;
  /** The words that ask `request` again; `undated` (digests) also leaves default options out. */
  words(request: RequestOf<K>, options: { undated: boolean }): RequestWords;
  query(db: Knex, request: RequestOf<K>): Promise<DataOf<K>>;
  /** What `--json` prints (docs/contract.md). */
  json(data: DataOf<K>): unknown;
  /** The console's answer. */
  text(answer: AnswerOf<K>): string;
  message(answer: AnswerOf<K>): MessageParts;
  /** The categories its category menu lists (read when a Slack answer is built), if it has one. */
  readMenuCategories?(db: Knex, request: RequestOf<K>): Promise<string[]>;
  controls(request: RequestOf<K>, context: ControlContext<K>): Controls;
  charts(answer: AnswerOf<K>): ChartSpec[];
  workbooks(answer: AnswerOf<K>): WorkbookSpec[];
}

/** The registry's type: one definition per report kind, so a new kind does not compile until it has one. */
export type ReportRegistry = { readonly [K in ReportKind]: ReportDefinition<K> };
