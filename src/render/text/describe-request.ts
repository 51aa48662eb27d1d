import type { StatsRequest } from '../../domain/requests.ts';
import type { DayRange } from '../../domain/types.ts';

export function formatRange(range: DayRange): string {
  return range.days === 1 ? range.start : `${range.start} – ${range.end}`;
}

/** "7 days to 2026-11-28 (2026-11-22 – 2026-11-28, compared with 2026-11-15 – 2026-11-21)" */
export function describePeriod(request: StatsRequest): string {
  const { period } = request;
  const span = period.days === 1 ? `1 day, ${period.end}` : `${period.days} days, ${formatRange(period.range)}`;
  return `${span} (vs ${formatRange(period.previousRange)}; ${request.workspace.timezone})`;
}

/** "Acme Wallet (wallet)" or "Acme Wallet (wallet) · category Games" */
export function describeApp(request: Extract<StatsRequest, { kind: 'app' | 'breakdown' }>): string {
  const app = `${request.app.name} (${request.app.appId})`;
  return request.category === null ? app : `${app} · category ${request.category}`;
}
