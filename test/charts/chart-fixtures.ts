import type { AppData, AppsData, AppsRow, BreakdownCard, BreakdownData, Day, DayRange, MerchantsData } from '../../src/domain/types.ts';

/** Deterministic sample data for the chart tests (no randomness, no clock). */

function daysEndingOn(end: Day, count: number): Day[] {
  const endTime = Date.parse(`${end}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(endTime - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10));
}

function range(end: Day, days: number): DayRange {
  const list = daysEndingOn(end, days);
  return { start: list[0]!, end, days };
}

/** A smooth, repeatable wave: no Math.random, so snapshots stay put. */
function wave(index: number, base: number, amplitude: number, phase = 0): number {
  return Math.round(base + amplitude * Math.sin(index * 0.9 + phase) + index * amplitude * 0.1);
}

export function sampleAppData(options: { name?: string; category?: string | null; days?: number } = {}): AppData {
  const days = options.days ?? 7;
  const end = '2025-11-09';
  const list = daysEndingOn(end, Math.max(days, 7));
  let lifetime = 118_000;
  return {
    app: { appId: 'app-wallet', name: options.name ?? 'Wallet' },
    category: options.category === undefined ? null : options.category,
    range: range(end, days),
    previousRange: range(daysEndingOn(end, days + 1)[0]!, days),
    status: { all: 120, fullRelease: 80, grayscaleRelease: 10, reviewing: 12, developing: 15, inactive: 3 },
    metrics: { uv: 45_210, pv: 312_904, newVisitors: 4_210, lifetimeVisitors: 120_456 },
    previous: { uv: 41_002, pv: 298_110, newVisitors: 3_980, lifetimeVisitors: 116_246 },
    daily: list.map((day, index) => {
      const newVisitors = wave(index, 600, 150);
      lifetime += newVisitors;
      return { day, uv: wave(index, 6_400, 1_300), pv: wave(index, 44_000, 9_000, 1), newVisitors, lifetimeVisitors: lifetime };
    }),
  };
}

export function sampleMerchantsData(days = 7): MerchantsData {
  const end = '2025-11-09';
  const list = daysEndingOn(end, Math.max(days, 7));
  let technical = 0;
  let nonTechnical = 0;
  return {
    range: range(end, days),
    previousRange: range(daysEndingOn(end, days + 1)[0]!, days),
    newMerchants: 57,
    newMerchantsPrevious: 49,
    totalMerchants: 1_284,
    daily: list.map((day, index) => {
      const newTechnical = Math.max(0, wave(index, 4, 3));
      const newNonTechnical = Math.max(0, wave(index, 6, 4, 2));
      technical += newTechnical;
      nonTechnical += newNonTechnical;
      return { day, newTechnical, newNonTechnical, cumulativeTechnical: technical, cumulativeNonTechnical: nonTechnical };
    }),
  };
}

export const SAMPLE_APP_NAMES = [
  'Wallet',
  '美食与饮料',
  'ゲームとエンタメ',
  'Merchant Onboarding Assistant for Small and Medium Enterprises',
  'Travel',
  '出行服务',
  'Mini Shop',
  'クーポン',
  'Health & Fitness',
  'Utilities',
  '生活缴费',
  'Education',
  'News',
  'Ride Hailing',
];

export function sampleAppsData(options: { apps?: number; days?: number } = {}): AppsData {
  const count = options.apps ?? 8;
  const days = options.days ?? 7;
  const end = '2025-11-09';
  const list = daysEndingOn(end, Math.max(days, 7));
  const apps: AppsRow[] = Array.from({ length: count }, (_, appIndex) => {
    const base = Math.round(90_000 / (appIndex + 1));
    return {
      appId: `app-${String(appIndex + 1).padStart(2, '0')}`,
      name: SAMPLE_APP_NAMES[appIndex % SAMPLE_APP_NAMES.length]!,
      users: base * 5,
      usersPrevious: base * 4,
      miniPrograms: 40 - appIndex,
      miniProgramsPrevious: 38 - appIndex,
      trend: list.map((day, index) => ({ day, users: Math.max(0, wave(index, base, base * 0.2, appIndex)) })),
    };
  });
  return { range: range(end, days), previousRange: range(daysEndingOn(end, days + 1)[0]!, days), sort: 'users', apps };
}

function card(keys: string[], counts: number[]): BreakdownCard {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const totalPrevious = Math.round(total * 0.9);
  return {
    total,
    totalPrevious,
    rows: keys.map((key, index) => {
      const count = counts[index]!;
      const countPrevious = Math.round(count * 0.9);
      return {
        key,
        count,
        countPrevious,
        share: total === 0 ? 0 : count / total,
        sharePrevious: totalPrevious === 0 ? 0 : countPrevious / totalPrevious,
      };
    }),
  };
}

export const SAMPLE_CATEGORIES = [
  'Food & Drink',
  '美食与饮料',
  'ゲームとエンタメ',
  'Financial Services and Insurance for Families',
  'Travel',
  '生活服务',
  'Shopping',
  'Education',
  'Health',
  'Utilities',
  'News',
];

export function sampleBreakdownData(options: { category?: string | null } = {}): BreakdownData {
  const end = '2025-11-09';
  return {
    app: { appId: 'app-wallet', name: 'Wallet' },
    category: options.category === undefined ? null : options.category,
    range: range(end, 7),
    previousRange: range('2025-11-02', 7),
    miniProgramsBySource: card(['merchant', 'wallet', 'alipay_plus', 'unknown'], [412, 233, 87, 5]),
    usersBySource: card(['wallet', 'merchant', 'alipay_plus', 'unknown'], [80_211, 21_450, 9_877, 1_204]),
    // 11 rows: the top 8 and "Other (3 more)".
    miniProgramsByCategory: card(SAMPLE_CATEGORIES, [310, 122, 97, 84, 51, 33, 20, 12, 9, 4, 2]),
    // Empty: renders "No data".
    usersByCategory: card([], []),
  };
}
