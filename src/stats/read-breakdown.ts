import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import type { BreakdownData, Period } from '../domain/types.ts';
import { readScope } from './aggregated/read-scope.ts';
import { readUserCardsAggregated } from './aggregated/read-user-cards-aggregated.ts';
import { buildBreakdownCard, type Counts, type UserCards } from './build-breakdown-card.ts';
import { firstDaysQuery, scopedActivity } from './scoped-activity.ts';

/**
 * The four proportion cards of one app (docs/contract.md), as of the end date and the previous period's
 * end date. User cards from the aggregates when they are fresh, else from the activity.
 */
export async function readBreakdown(db: Knex, app: AppRecord, category: string | null, period: Period): Promise<BreakdownData> {
  const scope = await readScope(db, app, category);
  const users =
    scope === null
      ? readUserCardsDirect(db, app, category, period.range.end, period.previousRange.end)
      : readUserCardsAggregated(db, app, category, scope, period.range.end, period.previousRange.end);
  return assembleBreakdown(db, app, category, period, users);
}

/** The same cards computed from the activity table (the reference, and the fallback). */
export async function readBreakdownDirect(db: Knex, app: AppRecord, category: string | null, period: Period): Promise<BreakdownData> {
  return assembleBreakdown(db, app, category, period, readUserCardsDirect(db, app, category, period.range.end, period.previousRange.end));
}

async function readUserCardsDirect(db: Knex, app: AppRecord, category: string | null, asOf: string, asOfPrevious: string): Promise<UserCards> {
  const [bySource, current, previous] = await Promise.all([
    readUsersBySource(db, app, category, asOf, asOfPrevious),
    readUsersByPreferredCategory(db, app, category, asOf),
    readUsersByPreferredCategory(db, app, category, asOfPrevious),
  ]);
  return { bySource, byCategory: { current, previous } };
}

async function assembleBreakdown(db: Knex, app: AppRecord, category: string | null, period: Period, userCards: Promise<UserCards>): Promise<BreakdownData> {
  const [programs, users] = await Promise.all([readMiniProgramCounts(db, app, category, period.range.end, period.previousRange.end), userCards]);
  const usersBySource = users.bySource;
  const preferred = users.byCategory.current;
  const preferredPrevious = users.byCategory.previous;
  return {
    app: { appId: app.appId, name: app.name },
    category,
    range: period.range,
    previousRange: period.previousRange,
    miniProgramsBySource: buildBreakdownCard(programs.bySource, programs.bySourcePrevious),
    usersBySource: buildBreakdownCard(usersBySource.current, usersBySource.previous),
    miniProgramsByCategory: buildBreakdownCard(programs.byCategory, programs.byCategoryPrevious),
    usersByCategory: buildBreakdownCard(preferred, preferredPrevious),
  };
}

async function readMiniProgramCounts(db: Knex, app: AppRecord, category: string | null, asOf: string, asOfPrevious: string) {
  const query = db('mini_programs').where('app_ref', app.ref).where('created_on', '<=', asOf);
  if (category !== null) query.where('category', category);
  const rows = await query
    .groupBy('source', 'category')
    .select<{ source: string; category: string; programs: number; programs_previous: number | null }[]>(
      'source',
      'category',
      db.raw('COUNT(*) AS programs'),
      db.raw('SUM(CASE WHEN created_on <= ? THEN 1 ELSE 0 END) AS programs_previous', [asOfPrevious]),
    );
  const result = { bySource: new Map(), bySourcePrevious: new Map(), byCategory: new Map(), byCategoryPrevious: new Map() } as Record<
    'bySource' | 'bySourcePrevious' | 'byCategory' | 'byCategoryPrevious',
    Counts
  >;
  for (const row of rows) {
    add(result.bySource, row.source, Number(row.programs));
    add(result.byCategory, row.category, Number(row.programs));
    add(result.bySourcePrevious, row.source, Number(row.programs_previous ?? 0));
    add(result.byCategoryPrevious, row.category, Number(row.programs_previous ?? 0));
  }
  return result;
}

async function readUsersBySource(db: Knex, app: AppRecord, category: string | null, asOf: string, asOfPrevious: string) {
  const rows = await db
    .from(firstDaysQuery(db, app, category, asOf).as('first_days'))
    .join('app_users', 'app_users.id', 'first_days.user_ref')
    .groupBy('app_users.source')
    .select<{ source: string | null; users: number; users_previous: number | null }[]>(
      'app_users.source',
      db.raw('COUNT(*) AS users'),
      db.raw('SUM(CASE WHEN first_days.first_day <= ? THEN 1 ELSE 0 END) AS users_previous', [asOfPrevious]),
    );
  const current: Counts = new Map();
  const previous: Counts = new Map();
  for (const row of rows) {
    const source = row.source ?? 'unknown';
    add(current, source, Number(row.users));
    add(previous, source, Number(row.users_previous ?? 0));
  }
  return { current, previous };
}

/**
 * Users with activity up to `asOf`, each in the category where they had the most page views up
 * to then; ties go to the category that sorts first (binary collation = code-point order).
 */
async function readUsersByPreferredCategory(db: Knex, app: AppRecord, category: string | null, asOf: string): Promise<Counts> {
  const viewsByCategory = scopedActivity(db, app, category)
    .join('mini_programs', 'mini_programs.id', 'activity.mini_program_ref')
    .where('activity.day', '<=', asOf)
    .groupBy('activity.user_ref', 'mini_programs.category')
    .select('activity.user_ref', 'mini_programs.category', db.raw('SUM(activity.page_views) AS views'));
  const ranked = db
    .from(viewsByCategory.as('views_by_category'))
    .select('category', db.raw('ROW_NUMBER() OVER (PARTITION BY user_ref ORDER BY views DESC, category ASC) AS preference'));
  const rows = await db
    .from(ranked.as('ranked'))
    .where('preference', 1)
    .groupBy('category')
    .select<{ category: string; users: number }[]>('category', db.raw('COUNT(*) AS users'));
  return new Map(rows.map((row) => [row.category, Number(row.users)]));
}

function add(counts: Counts, key: string, value: number): void {
  if (value > 0) counts.set(key, (counts.get(key) ?? 0) + value);
}
