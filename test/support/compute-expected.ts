/**
 * The figures of docs/contract.md computed the slow, obvious way from a generated data set's rows,
 * sharing no code with src/stats: the reference the database answers are checked against.
 */
import type { CsvRecord, Dataset } from '../../src/generate/generate-dataset.ts';

const DAY_MS = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const shift = (day: string, days: number) => toDay(dayMs(day) + days * DAY_MS);
const daysEnding = (end: string, count: number) => Array.from({ length: count }, (_, i) => shift(end, i - count + 1));
const rangeOf = (end: string, days: number) => ({ start: shift(end, -(days - 1)), end, days });
/** Code-point order, written independently of the app's comparator. */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

const GROUP: Record<string, string> = {
  full_release: 'fullRelease',
  grayscale_release: 'grayscaleRelease',
  reviewing: 'reviewing',
  reviewed: 'reviewing',
  grayscale_cancelled: 'reviewing',
  pilot_testing: 'reviewing',
  pilot_testing_completed: 'reviewing',
  developing: 'developing',
  archived: 'inactive',
  offline: 'inactive',
};

export interface Expected {
  activity: CsvRecord[];
  dataset: Dataset;
}

export function loadExpected(dataset: Dataset): Expected {
  return { dataset, activity: [...dataset.activity()] };
}

export function expectedMerchants({ dataset }: Expected, workspaceId: string, days: number, end: string) {
  const merchants = dataset.merchants.filter((m) => m.workspace_id === workspaceId);
  const range = rangeOf(end, days);
  const previousRange = rangeOf(shift(end, -days), days);
  const within = (day: string, r: { start: string; end: string }) => day >= r.start && day <= r.end;
  const trend = daysEnding(end, Math.max(days, 7));
  let cumulativeTechnical = 0;
  let cumulativeNonTechnical = 0;
  return {
    range,
    previousRange,
    newMerchants: merchants.filter((m) => within(m.onboarded_on!, range)).length,
    newMerchantsPrevious: merchants.filter((m) => within(m.onboarded_on!, previousRange)).length,
    totalMerchants: merchants.filter((m) => m.onboarded_on! <= end).length,
    daily: trend.map((day) => {
      const newTechnical = merchants.filter((m) => m.onboarded_on === day && m.kind === 'technical').length;
      const newNonTechnical = merchants.filter((m) => m.onboarded_on === day && m.kind === 'non_technical').length;
      cumulativeTechnical += newTechnical;
      cumulativeNonTechnical += newNonTechnical;
      return { day, newTechnical, newNonTechnical, cumulativeTechnical, cumulativeNonTechnical };
    }),
  };
}

export function expectedApps(expected: Expected, workspaceId: string, days: number, end: string, sort: 'users' | 'miniPrograms') {
  const { dataset, activity } = expected;
  const range = rangeOf(end, days);
  const previousRange = rangeOf(shift(end, -days), days);
  const trend = daysEnding(end, Math.max(days, 7));
  const apps = dataset.apps
    .filter((a) => a.workspace_id === workspaceId)
    .map((app) => {
      const rows = activity.filter((r) => r.workspace_id === workspaceId && r.app_id === app.app_id);
      const distinct = (from: string, to: string) => new Set(rows.filter((r) => r.day! >= from && r.day! <= to).map((r) => r.user_id)).size;
      const programs = dataset.miniPrograms.filter((m) => m.workspace_id === workspaceId && m.app_id === app.app_id);
      return {
        appId: app.app_id!,
        name: app.name!,
        users: distinct(range.start, range.end),
        usersPrevious: distinct(previousRange.start, previousRange.end),
        miniPrograms: programs.filter((m) => m.created_on! <= range.end).length,
        miniProgramsPrevious: programs.filter((m) => m.created_on! <= previousRange.end).length,
        trend: trend.map((day) => ({ day, users: distinct(day, day) })),
      };
    });
  apps.sort((a, b) => b[sort] - a[sort] || byCodePoint(a.appId, b.appId));
  return { range, previousRange, sort, apps };
}

function scopeRows(expected: Expected, workspaceId: string, appId: string, category: string | null) {
  const programs = new Map(
    expected.dataset.miniPrograms.filter((m) => m.workspace_id === workspaceId && m.app_id === appId).map((m) => [m.mini_program_id!, m]),
  );
  const rows = expected.activity.filter(
    (r) => r.workspace_id === workspaceId && r.app_id === appId && (category === null || programs.get(r.mini_program_id!)?.category === category),
  );
  return { programs, rows };
}

export function expectedApp(expected: Expected, workspaceId: string, appId: string, category: string | null, days: number, end: string) {
  const { programs, rows } = scopeRows(expected, workspaceId, appId, category);
  const app = expected.dataset.apps.find((a) => a.workspace_id === workspaceId && a.app_id === appId)!;
  const range = rangeOf(end, days);
  const previousRange = rangeOf(shift(end, -days), days);
  const firstDay = new Map<string, string>();
  for (const r of rows) if (!firstDay.has(r.user_id!) || r.day! < firstDay.get(r.user_id!)!) firstDay.set(r.user_id!, r.day!);
  const metrics = (from: string, to: string) => {
    const inRange = rows.filter((r) => r.day! >= from && r.day! <= to);
    return {
      uv: new Set(inRange.map((r) => r.user_id)).size,
      pv: inRange.reduce((sum, r) => sum + Number(r.page_views), 0),
      newVisitors: [...firstDay.values()].filter((d) => d >= from && d <= to).length,
      lifetimeVisitors: new Set(rows.filter((r) => r.day! <= to).map((r) => r.user_id)).size,
    };
  };
  const status = { all: 0, fullRelease: 0, grayscaleRelease: 0, reviewing: 0, developing: 0, inactive: 0 } as Record<string, number>;
  for (const m of programs.values()) {
    if (category !== null && m.category !== category) continue;
    status.all!++;
    status[GROUP[m.status!]!]!++;
  }
  return {
    app: { appId, name: app.name! },
    category,
    range,
    previousRange,
    status,
    metrics: metrics(range.start, range.end),
    previous: metrics(previousRange.start, previousRange.end),
    daily: daysEnding(end, Math.max(days, 7)).map((day) => ({ day, ...metrics(day, day) })),
  };
}

export function expectedBreakdown(expected: Expected, workspaceId: string, appId: string, category: string | null, days: number, end: string) {
  const { programs, rows } = scopeRows(expected, workspaceId, appId, category);
  const app = expected.dataset.apps.find((a) => a.workspace_id === workspaceId && a.app_id === appId)!;
  const previousEnd = shift(end, -days);
  const sourceOf = new Map(
    expected.dataset.users.filter((u) => u.workspace_id === workspaceId && u.app_id === appId).map((u) => [u.user_id!, u.source || 'unknown']),
  );
  const count = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const programsAsOf = (day: string) => [...programs.values()].filter((m) => m.created_on! <= day && (category === null || m.category === category));
  const usersAsOf = (day: string) => [...new Set(rows.filter((r) => r.day! <= day).map((r) => r.user_id!))];
  const preferredAsOf = (day: string) => {
    const views = new Map<string, Map<string, number>>();
    for (const r of rows) {
      if (r.day! > day) continue;
      const c = programs.get(r.mini_program_id!)!.category!;
      const perUser = views.get(r.user_id!) ?? new Map<string, number>();
      perUser.set(c, (perUser.get(c) ?? 0) + Number(r.page_views));
      views.set(r.user_id!, perUser);
    }
    return [...views.values()].map((perUser) => [...perUser].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]![0]);
  };
  const card = (now: Map<string, number>, before: Map<string, number>) => {
    const total = [...now.values()].reduce((a, b) => a + b, 0);
    const totalPrevious = [...before.values()].reduce((a, b) => a + b, 0);
    const keys = [...new Set([...now.keys(), ...before.keys()])];
    const cardRows = keys.map((key) => ({
      key,
      count: now.get(key) ?? 0,
      countPrevious: before.get(key) ?? 0,
      share: total ? (now.get(key) ?? 0) / total : 0,
      sharePrevious: totalPrevious ? (before.get(key) ?? 0) / totalPrevious : 0,
    }));
    cardRows.sort((a, b) => b.count - a.count || byCodePoint(a.key, b.key));
    return { total, totalPrevious, rows: cardRows };
  };
  return {
    app: { appId, name: app.name! },
    category,
    range: rangeOf(end, days),
    previousRange: rangeOf(previousEnd, days),
    miniProgramsBySource: card(count(programsAsOf(end).map((m) => m.source!)), count(programsAsOf(previousEnd).map((m) => m.source!))),
    usersBySource: card(count(usersAsOf(end).map((u) => sourceOf.get(u) ?? 'unknown')), count(usersAsOf(previousEnd).map((u) => sourceOf.get(u) ?? 'unknown'))),
    miniProgramsByCategory: card(count(programsAsOf(end).map((m) => m.category!)), count(programsAsOf(previousEnd).map((m) => m.category!))),
    usersByCategory: card(count(preferredAsOf(end)), count(preferredAsOf(previousEnd))),
  };
}
