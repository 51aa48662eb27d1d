import type { Knex } from 'knex';

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateDatabase(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}
