import type { WorkspaceRecord } from '../../src/domain/records.ts';
import type { StatsAnswer } from '../../src/domain/reports.ts';
import type { AppData, AppsData, BreakdownData, MerchantsData, PeriodDays, VisitorMetric } from '../../src/domain/types.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';

export const WORKSPACE: WorkspaceRecord = { workspaceId: 'acme', name: 'Acme Payments', slackTeamId: 'T0ACME', timezone: 'Asia/Singapore' };

const periodOf = (range: { end: string; days: number }) => resolvePeriod(range.days as PeriodDays, range.end);

/** Wraps sample data in the answer the commands would return for it. */
export const answers = {
  merchants: (data: MerchantsData): StatsAnswer => ({
    kind: 'merchants',
    request: { kind: 'merchants', workspace: WORKSPACE, period: periodOf(data.range) },
    data,
  }),
  apps: (data: AppsData): StatsAnswer => ({
    kind: 'apps',
    request: { kind: 'apps', workspace: WORKSPACE, period: periodOf(data.range), sort: data.sort },
    data,
  }),
  app: (data: AppData, metric: VisitorMetric = 'uv'): StatsAnswer => ({
    kind: 'app',
    request: {
      kind: 'app',
      workspace: WORKSPACE,
      period: periodOf(data.range),
      app: { ref: 1, workspaceId: 'acme', ...data.app },
      category: data.category,
      metric,
    },
    data,
  }),
  breakdown: (data: BreakdownData): StatsAnswer => ({
    kind: 'breakdown',
    request: {
      kind: 'breakdown',
      workspace: WORKSPACE,
      period: periodOf(data.range),
      app: { ref: 1, workspaceId: 'acme', ...data.app },
      category: data.category,
    },
    data,
  }),
  overview: (merchants: MerchantsData, apps: AppsData): StatsAnswer => ({
    kind: 'overview',
    request: { kind: 'overview', workspace: WORKSPACE, period: periodOf(merchants.range) },
    data: { merchants, apps },
  }),
};
