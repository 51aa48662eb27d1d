import type { Knex } from 'knex';

/**
 * The MySQL collation that compares text byte for byte without padding, so 'Food', 'food' and
 * 'Food ' stay three categories and ORDER BY follows code points, as on SQLite.
 * MariaDB spells it utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin; TiDB's utf8mb4_bin is the closest.
 */
export async function readTextCollation(db: Knex): Promise<string> {
  const [rows] = (await db.raw('SELECT VERSION() AS version')) as [{ version: string }[]];
  const version = rows[0]?.version ?? '';
  if (/mariadb/i.test(version)) return 'utf8mb4_nopad_bin';
  if (/tidb/i.test(version)) return 'utf8mb4_bin';
  return Number.parseInt(version, 10) >= 8 ? 'utf8mb4_0900_bin' : 'utf8mb4_bin';
}

/**
 * What every table of a migration gets on MySQL: utf8mb4 with the byte-wise collation, InnoDB.
 * Nothing on SQLite, whose text comparison is already byte-wise.
 */
export async function prepareTextTables(knex: Knex): Promise<(table: Knex.CreateTableBuilder) => void> {
  if (knex.client.config.client !== 'mysql2') return () => undefined;
  const collation = await readTextCollation(knex);
  return (table) => {
    table.charset('utf8mb4');
    table.collate(collation);
    table.engine('InnoDB');
  };
}
