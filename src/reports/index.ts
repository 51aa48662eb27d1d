/**
 * The registry of reports: one definition per report kind, in the order help lists them. A new
 * report is one module beside these and one line here; the mapped type makes a missing line a
 * compile error.
 */
import type { ReportKind } from '../domain/reports.ts';
import { app } from './app.ts';
import { apps } from './apps.ts';
import { breakdown } from './breakdown.ts';
import { merchants } from './merchants.ts';
import { overview } from './overview.ts';
import type { ReportDefinition, ReportRegistry } from './report-definition.ts';

export const REPORTS: ReportRegistry = { overview, merchants, apps, app, breakdown };

export const REPORT_KINDS: readonly ReportKind[] = Object.keys(REPORTS) as ReportKind[];

export function isReportKind(word: string): word is ReportKind {
  return Object.hasOwn(REPORTS, word);
}

/** The definition of a report; a RangeError for a kind no report has (an answer built by hand, or from stale data). */
export function findReport<K extends ReportKind>(kind: K): ReportDefinition<K> {
  if (!isReportKind(kind)) throw new RangeError(`No report of kind ${JSON.stringify(kind)}`);
  return REPORTS[kind];
}
