import type { Knex } from 'knex';
import { STATUS_GROUPS } from '../domain/status-groups.ts';
import { createRandom, type Random } from '../generate/create-random.ts';
import { addDays } from '../util/days.ts';
import { openRowSink } from './open-row-sink.ts';

export interface BenchShape {
  rows: number;
  apps: number;
  users: number;
  miniPrograms: number;
  days: number;
  endDay: string;
}

export const BENCH_WORKSPACE = 'bench';

/** The platform shape, scaled: 30M rows ≈ 20 apps, 2M users, 2,000 mini programs, 90 days. */
export function scaleBenchShape(rows: number, endDay: string): BenchShape {
  return { rows, apps: 20, users: Math.max(1000, Math.round(rows / 15)), miniPrograms: Math.max(100, Math.round(rows / 15_000)), days: 90, endDay };
}

const CATEGORIES = [
  'Food & Beverage',
  'Games',
  'Art & Design',
  'Beauty',
  'Business',
  'Travel',
  'Finance',
  'Education',
  'Health',
  'Shopping',
  'Sports',
  'Music',
  'News',
  'Tools',
  'Social',
  'Kids',
  'Auto',
  'Home',
  'Pets',
  'Books',
  '美食与饮料',
  '生活服务',
  'ゲームとエンタメ',
  '旅行',
  'Ｐhoto',
  'Weather',
  'Events',
  'Insurance',
  'Charity',
  'Government',
];
const SOURCES = ['wallet', 'merchant', 'alipay_plus', 'isv', 'partner'];
const USER_SOURCES = ['wallet', 'merchant', 'alipay_plus', 'campaign', null];

export interface BenchData {
  activityRows: number;
  /** apps.id and app id of the app with the most activity. */
  biggest: { ref: number; appId: string; rows: number };
  appRefs: number[];
}

/**
 * Writes a generated data set straight into a migrated, empty store (no CSV): apps weighted
 * like a real platform (the biggest ~30 % of all rows), users recurring with a skew, rows in
 * primary-key order (on MySQL through LOAD DATA).
 */
export async function generateBenchData(db: Knex, shape: BenchShape, onProgress: (rows: number) => void = () => undefined): Promise<BenchData> {
  const random = createRandom(20261129);
  const firstDay = addDays(shape.endDay, -(shape.days - 1));
  await db('workspaces').insert({ workspace_id: BENCH_WORKSPACE, name: 'Bench Payments', slack_team_id: 'T0BENCH', timezone: 'Asia/Singapore' });
  await db('members').insert({ workspace_id: BENCH_WORKSPACE, email: 'admin@bench.test', slack_user_id: 'U0BENCH', role: 'admin' });
  const merchants = Array.from({ length: Math.max(500, Math.round(shape.rows / 6000)) }, (_, i) => ({
    workspace_id: BENCH_WORKSPACE,
    merchant_id: `m${i}`,
    name: `Merchant ${i}`,
    kind: random.chance(0.35) ? 'technical' : 'non_technical',
    onboarded_on: addDays(shape.endDay, -random.int(0, shape.days * 2)),
  }));
  await insertChunks(db, 'merchants', merchants);

  const { weights, weightSum, audience } = weighBenchApps(shape);
  const apps = weights.map((_, k) => ({
    id: k + 1,
    workspace_id: BENCH_WORKSPACE,
    app_id: `app${String(k + 1).padStart(2, '0')}`,
    name: `Bench App ${k + 1}`,
  }));
  await insertChunks(db, 'apps', apps);

  const statuses = Object.keys(STATUS_GROUPS);
  const programsByApp: number[][] = apps.map(() => []);
  const miniPrograms = Array.from({ length: shape.miniPrograms }, (_, i) => {
    const appIndex = i < shape.apps * 3 ? i % shape.apps : pickWeighted(weights, weightSum, random.next());
    programsByApp[appIndex]!.push(i + 1);
    return {
      id: i + 1,
      workspace_id: BENCH_WORKSPACE,
      mini_program_id: `mp${i}`,
      app_ref: appIndex + 1,
      name: `Mini program ${i}`,
      category: CATEGORIES[Math.floor(random.next() ** 1.5 * CATEGORIES.length)]!,
      source: random.pick(SOURCES),
      status: random.chance(0.6) ? 'full_release' : random.pick(statuses),
      created_on: addDays(shape.endDay, -random.int(-3, shape.days + 60)),
    };
  });
  await insertChunks(db, 'mini_programs', miniPrograms);

  const userRefBase: number[] = [];
  let nextUserRef = 1;
  const users = await openRowSink(db, 'app_users', ['id', 'app_ref', 'user_id', 'source']);
  for (const [k, size] of audience.entries()) {
    userRefBase.push(nextUserRef);
    const rows: (string | number | null)[][] = [];
    for (let u = 0; u < size; u++) {
      rows.push([nextUserRef + u, k + 1, `u${u}`, USER_SOURCES[Math.floor(random.next() * USER_SOURCES.length)]!]);
      if (rows.length === 5000) await users.write(rows.splice(0));
    }
    await users.write(rows);
    nextUserRef += size;
  }
  await users.end();

  let written = 0;
  let biggest = { ref: 0, appId: '', rows: 0 };
  const activity = await openRowSink(db, 'activity', ['app_ref', 'day', 'user_ref', 'mini_program_ref', 'page_views']);
  for (const [k, weight] of weights.entries()) {
    const perDay = Math.round((shape.rows * weight) / weightSum) / shape.days;
    let appWritten = 0;
    for (let d = 0; d < shape.days; d++) {
      const day = addDays(firstDay, d);
      const rows: [number, string, number, number, number][] = [];
      drawDayVisits(random, { audience: audience[k]!, perDay, programs: programsByApp[k]! }, (d + 1) / shape.days, (u, mp, views) =>
        rows.push([k + 1, day, userRefBase[k]! + u, mp, views]),
      );
      await activity.write(rows);
      written += rows.length;
      appWritten += rows.length;
      onProgress(written);
    }
    if (appWritten > biggest.rows) biggest = { ref: k + 1, appId: apps[k]!.app_id, rows: appWritten };
  }
  await activity.end();
  return { activityRows: written, biggest, appRefs: apps.map((a) => a.id) };
}

/**
 * Each app's weight (its share of the rows: the biggest ~30 %) and audience: the first n users of
 * the pool (ids `u0`, `u1`, … shared across apps, like people).
 */
export function weighBenchApps(shape: BenchShape): { weights: number[]; weightSum: number; audience: number[] } {
  const weights = Array.from({ length: shape.apps }, (_, k) => 1 / (k + 1) ** 1.05);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const audience = weights.map((w) => Math.max(50, Math.round(shape.users * Math.min(1, (w / weights[0]!) ** 0.6))));
  return { weights, weightSum, audience };
}

/**
 * One day of one app's visits: users drawn from the part of the audience reached so far (it grows
 * from 35 % to all of it as `progress` goes from 0 to 1, the end of the period; low numbers come back most
 * often), each on their favourite mini program and sometimes one or two more. Calls `visit` with
 * the user's number in the audience, the mini program and the page views, users in ascending order.
 */
export function drawDayVisits(
  random: Random,
  app: { audience: number; perDay: number; programs: readonly number[] },
  progress: number,
  visit: (user: number, programRef: number, views: number) => void,
): void {
  const { audience, perDay, programs } = app;
  const reach = Math.min(audience, Math.max(10, Math.round(audience * (0.35 + 0.65 * Math.min(1, progress)))));
  const users = new Set<number>();
  const wanted = Math.round(perDay / 1.4);
  for (let tries = 0; users.size < wanted && tries < wanted * 3; tries++) users.add(Math.floor(reach * random.next() ** 1.7));
  for (const u of [...users].sort((a, b) => a - b)) {
    const visits = random.chance(0.65) ? 1 : random.chance(0.7) ? 2 : 3;
    const favourite = programs[(u * 7919) % programs.length]!;
    const chosen = new Set([favourite]);
    while (chosen.size < Math.min(visits, programs.length)) chosen.add(random.pick(programs));
    for (const mp of [...chosen].sort((a, b) => a - b)) visit(u, mp, random.chance(0.5) ? 1 : random.int(1, 12));
  }
}

function pickWeighted(weights: number[], sum: number, r: number): number {
  let target = r * sum;
  for (const [i, w] of weights.entries()) {
    target -= w;
    if (target <= 0) return i;
  }
  return weights.length - 1;
}

async function insertChunks(db: Knex, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await db(table).insert(rows.slice(i, i + 400));
}
