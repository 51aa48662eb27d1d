/**
 * The words of the product: every surface (console text, Slack messages, chart titles and axes,
 * workbook sheets and columns, help) names a figure the way this module does, so the wording is
 * decided here once. Each table is keyed by the domain type it labels: a new metric, status
 * group, card or sort order does not compile until it has its words here.
 */
import type { AppsSort, BreakdownCardName, MerchantsDay, PeriodDays, StatusCounts, VisitorMetric } from './types.ts';

/** The keys of a label table, in the table's order (the order every surface lists them in). */
export function listKeys<K extends string>(table: Readonly<Record<K, unknown>>): K[] {
  return Object.keys(table) as K[];
}

/** The titles of the reports. */
export const REPORT_TITLES = {
  overview: 'Overview',
  merchants: 'Merchant onboarding',
  apps: 'Target apps',
  app: 'App details',
  breakdown: 'Proportion breakdown',
} as const;

export interface MetricLabel {
  /** In tables of figures: "Unique visitors (UV)". */
  full: string;
  /** Spelled out, in file titles: "Unique visitors". */
  name: string;
  /** Headline figures, chart axes, workbook rows and columns: "UV", "New visitors". */
  label: string;
  /** Narrow columns and buttons: "UV", "New". */
  short: string;
}

export const METRIC_LABELS = {
  uv: { full: 'Unique visitors (UV)', name: 'Unique visitors', label: 'UV', short: 'UV' },
  pv: { full: 'Page views (PV)', name: 'Page views', label: 'PV', short: 'PV' },
  newVisitors: { full: 'New visitors', name: 'New visitors', label: 'New visitors', short: 'New' },
  lifetimeVisitors: { full: 'Lifetime visitors', name: 'Lifetime visitors', label: 'Lifetime visitors', short: 'Lifetime' },
} as const satisfies Record<VisitorMetric, MetricLabel>;

/** The visitor metrics in the order every surface lists them. */
export const VISITOR_METRICS: readonly VisitorMetric[] = listKeys(METRIC_LABELS);

/** The status groups of the import contract, and All. */
export const STATUS_GROUP_LABELS = {
  all: 'All',
  fullRelease: 'Full Release',
  grayscaleRelease: 'Grayscale Release',
  reviewing: 'Reviewing',
  developing: 'Developing',
  inactive: 'Inactive',
} as const satisfies Record<keyof StatusCounts, string>;

/** Where status counts are shown: they count every mini program as it is now, whatever the period. */
export const STATUS_TITLES = { now: 'Mini programs now', realTime: 'Real-time status' } as const;

export interface CardLabel {
  title: string;
  /** The column of the card's keys. */
  key: string;
}

export const CARD_LABELS = {
  miniProgramsBySource: { title: 'Mini programs by source', key: 'Source' },
  usersBySource: { title: 'Users by source', key: 'Source' },
  miniProgramsByCategory: { title: 'Mini programs by category', key: 'Category' },
  usersByCategory: { title: 'Users by preferred category', key: 'Category' },
} as const satisfies Record<BreakdownCardName, CardLabel>;

/** The breakdown cards in the order every surface lists them. */
export const BREAKDOWN_CARDS: readonly BreakdownCardName[] = listKeys(CARD_LABELS);

export interface SortLabel {
  /** In a sentence: "sorted by mini programs". */
  name: string;
  /** On its own: "Mini programs". */
  title: string;
}

export const SORT_LABELS = {
  users: { name: 'users', title: 'Users' },
  miniPrograms: { name: 'mini programs', title: 'Mini programs' },
} as const satisfies Record<AppsSort, SortLabel>;

/** The sort orders of the app list, in the order buttons show them. */
export const APPS_SORTS: readonly AppsSort[] = listKeys(SORT_LABELS);

export interface MerchantSeriesLabel {
  label: string;
  /** Narrow console columns. */
  short: string;
}

/** The daily merchant series. */
export const MERCHANT_SERIES_LABELS = {
  newTechnical: { label: 'New technical', short: 'New tech.' },
  newNonTechnical: { label: 'New non-technical', short: 'New non-tech.' },
  cumulativeTechnical: { label: 'Cumulative technical', short: 'Cumul. tech.' },
  cumulativeNonTechnical: { label: 'Cumulative non-technical', short: 'Cumul. non-tech.' },
} as const satisfies Record<Exclude<keyof MerchantsDay, 'day'>, MerchantSeriesLabel>;

export const MERCHANT_SERIES: readonly Exclude<keyof MerchantsDay, 'day'>[] = listKeys(MERCHANT_SERIES_LABELS);

/** The merchant figures and kinds. */
export const MERCHANT_LABELS = {
  newMerchants: 'New merchants',
  totalMerchants: 'Total merchants',
  technical: 'Technical',
  nonTechnical: 'Non-technical',
} as const;

/** The figures of the app list. */
export const APP_LIST_LABELS = {
  apps: 'Target apps',
  users: 'Users',
  miniPrograms: 'Mini programs',
  dailyUsers: 'Daily users',
} as const;

/** "1 day", "7 days", "30 days". */
export function labelPeriod(days: PeriodDays): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** The controls of an answer. */
export const CONTROL_LABELS = {
  downloadExcel: 'Download Excel',
  allCategories: 'All categories',
  category: 'Category',
} as const;
