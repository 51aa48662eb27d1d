import type { Knex } from 'knex';
import type { AppRecord } from '../../domain/records.ts';
import type { Counts, UserCards } from '../build-breakdown-card.ts';

/** Users by source and by preferred category, as of two dates, from the first-day and preference aggregates. */
export async function readUserCardsAggregated(
  db: Knex,
  app: AppRecord,
  category: string | null,
  scope: number,
  asOf: string,
  asOfPrevious: string,
): Promise<UserCards> {
  const [sources, preferences] = await Promise.all([
    db('agg_first_days')
      .where({ app_ref: app.ref, scope_ref: scope })
      .where('day', '<=', asOf)
      .groupBy('source')
      .select<{ source: string; users: number; users_previous: number | null }[]>(
        'source',
        db.raw('SUM(users) AS users'),
        db.raw('SUM(CASE WHEN day <= ? THEN users ELSE 0 END) AS users_previous', [asOfPrevious]),
      ),
    category !== null
      ? Promise.resolve([])
      : db('agg_preferences')
          .join('app_categories', 'app_categories.id', 'agg_preferences.category_ref')
          .where('agg_preferences.app_ref', app.ref)
          .where('agg_preferences.day', '<=', asOf)
          .groupBy('app_categories.name')
          .select<{ name: string; users: number; users_previous: number | null }[]>(
            'app_categories.name',
            db.raw('SUM(agg_preferences.delta) AS users'),
            db.raw('SUM(CASE WHEN agg_preferences.day <= ? THEN agg_preferences.delta ELSE 0 END) AS users_previous', [asOfPrevious]),
          ),
  ]);
  const bySource = { current: new Map() as Counts, previous: new Map() as Counts };
  for (const row of sources) {
    put(bySource.current, row.source, Number(row.users));
    put(bySource.previous, row.source, Number(row.users_previous ?? 0));
  }
  const byCategory = { current: new Map() as Counts, previous: new Map() as Counts };
  if (category !== null) {
    // Within one category every user's preferred category is that category.
    put(
      byCategory.current,
      category,
      [...bySource.current.values()].reduce((a, b) => a + b, 0),
    );
    put(
      byCategory.previous,
      category,
      [...bySource.previous.values()].reduce((a, b) => a + b, 0),
    );
  } else {
    for (const row of preferences) {
      put(byCategory.current, row.name, Number(row.users));
      put(byCategory.previous, row.name, Number(row.users_previous ?? 0));
    }
  }
  return { bySource, byCategory };
}

function put(counts: Counts, key: string, value: number): void {
  if (value > 0) counts.set(key, (counts.get(key) ?? 0) + value);
}
