/** A calendar day in a workspace's time zone, formatted `YYYY-MM-DD`. */
export type Day = string;

export type PeriodDays = 1 | 7 | 30;

export interface DayRange {
  start: Day;
  end: Day;
  days: number;
}

/** The period of an answer: [end-days+1, end], the one before it, and the trend range (max(days, 7) days ending on `end`). */
export interface Period {
  days: PeriodDays;
  end: Day;
  range: DayRange;
  previousRange: DayRange;
  trendRange: DayRange;
}

export interface MerchantsDay {
  day: Day;
  newTechnical: number;
  newNonTechnical: number;
  cumulativeTechnical: number;
  cumulativeNonTechnical: number;
}

export interface MerchantsData {
  range: DayRange;
  previousRange: DayRange;
  newMerchants: number;
  newMerchantsPrevious: number;
  totalMerchants: number;
  daily: MerchantsDay[];
}

export type AppsSort = 'users' | 'miniPrograms';

export interface AppsRow {
  appId: string;
  name: string;
  users: number;
  usersPrevious: number;
  miniPrograms: number;
  miniProgramsPrevious: number;
  trend: { day: Day; users: number }[];
}

export interface AppsData {
  range: DayRange;
  previousRange: DayRange;
  sort: AppsSort;
  apps: AppsRow[];
}

export interface AppIdentity {
  appId: string;
  name: string;
}

export interface StatusCounts {
  all: number;
  fullRelease: number;
  grayscaleRelease: number;
  reviewing: number;
  developing: number;
  inactive: number;
}

export interface VisitorMetrics {
  uv: number;
  pv: number;
  newVisitors: number;
  lifetimeVisitors: number;
}

export type VisitorMetric = keyof VisitorMetrics;

export interface AppDay extends VisitorMetrics {
  day: Day;
}

export interface AppData {
  app: AppIdentity;
  category: string | null;
  range: DayRange;
  previousRange: DayRange;
  status: StatusCounts;
  metrics: VisitorMetrics;
  previous: VisitorMetrics;
  daily: AppDay[];
}

export interface BreakdownRow {
  key: string;
  count: number;
  countPrevious: number;
  share: number;
  sharePrevious: number;
}

export interface BreakdownCard {
  total: number;
  totalPrevious: number;
  rows: BreakdownRow[];
}

export type BreakdownCardName = 'miniProgramsBySource' | 'usersBySource' | 'miniProgramsByCategory' | 'usersByCategory';

export interface BreakdownData {
  app: AppIdentity;
  category: string | null;
  range: DayRange;
  previousRange: DayRange;
  miniProgramsBySource: BreakdownCard;
  usersBySource: BreakdownCard;
  miniProgramsByCategory: BreakdownCard;
  usersByCategory: BreakdownCard;
}

export interface OverviewData {
  merchants: MerchantsData;
  apps: AppsData;
}
