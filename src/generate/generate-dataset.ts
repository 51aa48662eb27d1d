import { STATUS_GROUPS } from '../domain/status-groups.ts';
import { addDays } from '../util/days.ts';
import { createRandom, type Random } from './create-random.ts';

export type CsvRecord = Record<string, string>;

export interface DatasetOptions {
  seed: number;
  /** Last day with activity. */
  endDay: string;
  /** Days of activity ending on endDay. */
  days: number;
  /** Apps in the main workspace (a second, small workspace is always added). */
  apps: number;
  miniPrograms: number;
  /** Users per app at most (ids are shared across apps, like one person using two wallets). */
  users: number;
  merchants: number;
  /** Share of a user's days on which they are active (0..1). */
  activeShare: number;
  /** Names that sort differently by UTF-16 code unit and by code point, and near-duplicates. */
  trickyNames: boolean;
}

export const DEMO_OPTIONS: Omit<DatasetOptions, 'endDay'> = {
  seed: 20261129,
  days: 120,
  apps: 5,
  miniPrograms: 360,
  users: 30_000,
  merchants: 900,
  activeShare: 0.06,
  trickyNames: false,
};

export const MAIN_WORKSPACE = 'acme';
export const OTHER_WORKSPACE = 'globex';

const CATEGORIES = ['Food & Beverage', 'Games', 'Art & Design', 'Beauty', 'Business', 'Travel', 'Finance', '美食与饮料', 'ゲームとエンタメ'];
const TRICKY_CATEGORIES = ['\uFF21pps', '\u{1F600} Fun', 'games', 'Zebra'];
const MINI_PROGRAM_SOURCES = ['wallet', 'merchant', 'alipay_plus', 'isv'];
const USER_SOURCES = ['wallet', 'merchant', 'alipay_plus', 'campaign'];
const APP_NAMES = ['Acme Wallet', 'Super App', 'Lite 轻', 'Travel Pass', 'Shop Hub', 'Care Plus', 'Metro Go', 'Pay Later'];
const APP_IDS = ['wallet', 'superapp', 'lite', 'travel', 'shop', 'care', 'metro', 'paylater'];

/** A generated data set, table by table, in the import contract's columns. Deterministic by seed. */
export interface Dataset {
  options: DatasetOptions;
  workspaces: CsvRecord[];
  members: CsvRecord[];
  merchants: CsvRecord[];
  apps: CsvRecord[];
  miniPrograms: CsvRecord[];
  users: CsvRecord[];
  /** Activity is produced lazily: it can be far too large to hold. */
  activity(): Generator<CsvRecord>;
}

export function generateDataset(options: DatasetOptions): Dataset {
  const random = createRandom(options.seed);
  const firstDay = addDays(options.endDay, -(options.days - 1));
  const categories = options.trickyNames ? [...CATEGORIES, ...TRICKY_CATEGORIES] : CATEGORIES;

  const workspaces: CsvRecord[] = [
    { workspace_id: MAIN_WORKSPACE, name: 'Acme Payments', slack_team_id: 'T0ACME', timezone: 'Asia/Singapore' },
    { workspace_id: OTHER_WORKSPACE, name: 'Globex', slack_team_id: 'T0GLOBEX', timezone: 'America/New_York' },
  ];
  const members: CsvRecord[] = [
    { workspace_id: MAIN_WORKSPACE, email: 'ada@acme.test', slack_user_id: 'U0ADMIN', role: 'admin' },
    { workspace_id: MAIN_WORKSPACE, email: 'dev@acme.test', slack_user_id: 'U0DEV', role: 'Developer' },
    { workspace_id: MAIN_WORKSPACE, email: 'ops@acme.test', slack_user_id: '', role: ' operator ' },
    { workspace_id: MAIN_WORKSPACE, email: 'viewer@acme.test', slack_user_id: 'U0VIEW', role: 'viewer' },
    { workspace_id: MAIN_WORKSPACE, email: 'guest@acme.test', slack_user_id: 'U0GUEST', role: '' },
    { workspace_id: OTHER_WORKSPACE, email: 'boss@globex.test', slack_user_id: 'U0GLOBEX', role: 'admin' },
  ];

  const merchants: CsvRecord[] = [];
  const merchantSpan = options.days + 60;
  for (let i = 0; i < options.merchants; i++) {
    merchants.push({
      workspace_id: i % 10 === 9 ? OTHER_WORKSPACE : MAIN_WORKSPACE,
      merchant_id: `m${String(i).padStart(5, '0')}`,
      name: `Merchant ${i}`,
      kind: random.chance(0.35) ? 'technical' : 'non_technical',
      onboarded_on: addDays(options.endDay, -random.int(-3, merchantSpan)),
    });
  }

  const appCount = Math.min(options.apps, APP_IDS.length);
  const apps: CsvRecord[] = [];
  for (let i = 0; i < appCount; i++) apps.push({ workspace_id: MAIN_WORKSPACE, app_id: APP_IDS[i]!, name: APP_NAMES[i]! });
  // The other workspace reuses an app id: answers must never mix the two.
  apps.push({ workspace_id: OTHER_WORKSPACE, app_id: 'wallet', name: 'Globex Wallet' });
  apps.push({ workspace_id: OTHER_WORKSPACE, app_id: 'secret', name: 'Secret Project' });

  const statuses = Object.keys(STATUS_GROUPS);
  const miniPrograms: CsvRecord[] = [];
  for (let i = 0; i < options.miniPrograms; i++) {
    const app = apps[i % apps.length]!;
    miniPrograms.push({
      workspace_id: app.workspace_id!,
      mini_program_id: `mp${String(i).padStart(5, '0')}`,
      app_id: app.app_id!,
      name: `Mini program ${i}`,
      category: categories[Math.floor(random.next() ** 1.6 * categories.length)]!,
      source: random.pick(MINI_PROGRAM_SOURCES),
      status: random.chance(0.5) ? 'full_release' : random.pick(statuses),
      created_on: addDays(options.endDay, -random.int(-5, options.days + 30)),
    });
  }
  const miniProgramsByApp = new Map<string, CsvRecord[]>();
  for (const miniProgram of miniPrograms) {
    const key = `${miniProgram.workspace_id}/${miniProgram.app_id}`;
    miniProgramsByApp.set(key, [...(miniProgramsByApp.get(key) ?? []), miniProgram]);
  }

  // Each app reaches a share of the user pool; users join on some day and are active after it.
  interface Audience {
    app: CsvRecord;
    users: { id: string; joinOffset: number; activity: number; favourite: number }[];
  }
  const audiences: Audience[] = [];
  const users: CsvRecord[] = [];
  apps.forEach((app, appIndex) => {
    const reach = app.workspace_id === MAIN_WORKSPACE ? 1 / (appIndex + 1) ** 0.7 : 0.05;
    const audience: Audience = { app, users: [] };
    for (let u = 0; u < options.users; u++) {
      if (!random.chance(reach)) continue;
      const id = `u${String(u).padStart(6, '0')}`;
      audience.users.push({
        id,
        joinOffset: Math.floor(random.next() ** 0.8 * options.days),
        activity: options.activeShare * (0.3 + random.next() * 1.7),
        favourite: random.int(0, 1_000_000),
      });
      const roll = random.next();
      // Some users have no users.csv row or an empty source: both count as "unknown".
      if (roll < 0.85) users.push({ workspace_id: app.workspace_id!, app_id: app.app_id!, user_id: id, source: roll < 0.8 ? random.pick(USER_SOURCES) : '' });
    }
    audiences.push(audience);
  });

  function* activity(): Generator<CsvRecord> {
    const dayRandom = createRandom(options.seed ^ 0x5eed);
    for (let offset = 0; offset < options.days; offset++) {
      const day = addDays(firstDay, offset);
      for (const { app, users: audienceUsers } of audiences) {
        const programs = miniProgramsByApp.get(`${app.workspace_id}/${app.app_id}`) ?? [];
        if (programs.length === 0) continue;
        for (const user of audienceUsers) {
          if (offset < user.joinOffset || !dayRandom.chance(user.activity)) continue;
          yield* userDay(dayRandom, app, programs, user.id, user.favourite, day);
        }
      }
    }
  }

  return { options, workspaces, members, merchants, apps, miniPrograms, users, activity };
}

function* userDay(random: Random, app: CsvRecord, programs: CsvRecord[], userId: string, favourite: number, day: string): Generator<CsvRecord> {
  const visits = random.chance(0.7) ? 1 : random.int(2, 3);
  const seen = new Set<number>();
  for (let v = 0; v < visits; v++) {
    // Mostly the user's favourite mini program, sometimes another: preferred categories shift and tie.
    const index = v === 0 && random.chance(0.6) ? favourite % programs.length : random.int(0, programs.length - 1);
    if (seen.has(index)) continue;
    seen.add(index);
    yield {
      workspace_id: app.workspace_id!,
      app_id: app.app_id!,
      mini_program_id: programs[index]!.mini_program_id!,
      user_id: userId,
      day,
      page_views: String(random.chance(0.5) ? 1 : random.int(1, 12)),
    };
  }
}
