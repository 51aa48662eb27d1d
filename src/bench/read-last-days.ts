import type { Knex } from 'knex';

/** Each app's last day with activity, and the latest of them (null in an empty store). */
export async function readLastDays(db: Knex): Promise<{ apps: { appRef: number; day: string }[]; latest: string | null }> {
  // One index dive per app, where MAX(day) alone would read every row.
  const rows = await db('activity').groupBy('app_ref').select<{ app_ref: number; day: string }[]>('app_ref', db.raw('MAX(day) AS day'));
  const apps = rows.map((row) => ({ appRef: Number(row.app_ref), day: String(row.day) }));
  return {
    apps,
    latest:
      apps
        .map((app) => app.day)
        .sort()
        .at(-1) ?? null,
  };
}
