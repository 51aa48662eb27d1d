import type { AppData, AppsData, BreakdownCard, BreakdownData, Day, DayRange, MerchantsData } from '../../../src/domain/types.ts';

/** The `count` days ending on `end`, oldest first. */
export function daysEndingOn(end: Day, count: number): Day[] {
  const last = Date.parse(`${end}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(last - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10));
}

function rangeOf(end: Day, days: number): DayRange {
  return { start: daysEndingOn(end, days)[0]!, end, days };
}

export const RANGE_7D = rangeOf('2026-11-28', 7);
export const PREVIOUS_7D = rangeOf('2026-11-21', 7);
export const RANGE_30D = rangeOf('2026-11-28', 30);
export const PREVIOUS_30D = rangeOf('2026-10-29', 30);

export function makeMerchantsData(): MerchantsData {
  let technical = 0;
  let nonTechnical = 0;
  return {
    range: RANGE_30D,
    previousRange: PREVIOUS_30D,
    newMerchants: 412,
    newMerchantsPrevious: 0,
    totalMerchants: 12_480,
    daily: daysEndingOn(RANGE_30D.end, 30).map((day, index) => {
      const newTechnical = 5 + (index % 7);
      const newNonTechnical = 8 + ((index * 3) % 5);
      technical += newTechnical;
      nonTechnical += newNonTechnical;
      return { day, newTechnical, newNonTechnical, cumulativeTechnical: technical, cumulativeNonTechnical: nonTechnical };
    }),
  };
}

export function makeAppsData(): AppsData {
  const days = daysEndingOn(RANGE_7D.end, 7);
  const apps = [
    { appId: 'wallet', name: '钱包 Wallet', users: 48_211, usersPrevious: 45_002, miniPrograms: 316, miniProgramsPrevious: 301 },
    { appId: 'super-app', name: 'Super App', users: 20_115, usersPrevious: 22_480, miniPrograms: 120, miniProgramsPrevious: 120 },
    { appId: 'new-app', name: 'New App', users: 1_204, usersPrevious: 0, miniPrograms: 12, miniProgramsPrevious: 0 },
  ];
  return {
    range: RANGE_7D,
    previousRange: PREVIOUS_7D,
    sort: 'users',
    apps: apps.map((app, appIndex) => ({
      ...app,
      trend: days.map((day, index) => ({ day, users: Math.round(app.users / 4) + index * 10 + appIndex })),
    })),
  };
}

export function makeAppData(category: string | null = '生活服务'): AppData {
  return {
    app: { appId: 'wallet', name: '钱包 Wallet' },
    category,
    range: RANGE_30D,
    previousRange: PREVIOUS_30D,
    status: { all: 316, fullRelease: 201, grayscaleRelease: 14, reviewing: 22, developing: 57, inactive: 22 },
    metrics: { uv: 48_211, pv: 1_250_904, newVisitors: 3_120, lifetimeVisitors: 512_337 },
    previous: { uv: 45_002, pv: 1_301_552, newVisitors: 0, lifetimeVisitors: 509_217 },
    daily: daysEndingOn(RANGE_30D.end, 30).map((day, index) => ({
      day,
      uv: 1_500 + index * 7,
      pv: 40_000 + index * 113,
      newVisitors: 90 + (index % 11),
      lifetimeVisitors: 509_217 + index * 104,
    })),
  };
}

function card(counts: [string, number, number][]): BreakdownCard {
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  const totalPrevious = counts.reduce((sum, [, , previous]) => sum + previous, 0);
  return {
    total,
    totalPrevious,
    rows: counts.map(([key, count, countPrevious]) => ({
      key,
      count,
      countPrevious,
      share: total === 0 ? 0 : count / total,
      sharePrevious: totalPrevious === 0 ? 0 : countPrevious / totalPrevious,
    })),
  };
}

export function makeBreakdownData(): BreakdownData {
  return {
    app: { appId: 'wallet', name: '钱包 Wallet' },
    category: null,
    range: RANGE_7D,
    previousRange: PREVIOUS_7D,
    miniProgramsBySource: card([
      ['partner', 150, 140],
      ['in-house', 120, 118],
      ['marketplace', 46, 43],
    ]),
    usersBySource: card([
      ['search', 260_000, 250_000],
      ['share', 180_337, 179_000],
      ['qr-code', 72_000, 80_217],
    ]),
    miniProgramsByCategory: card([
      ['生活服务', 130, 121],
      ['美食 🍜', 101, 100],
      ['Games', 85, 80],
      ['旅游', 0, 1],
    ]),
    usersByCategory: card([
      ['生活服务', 300_000, 290_000],
      ['美食 🍜', 150_000, 149_000],
      ['Games', 62_337, 70_217],
    ]),
  };
}
