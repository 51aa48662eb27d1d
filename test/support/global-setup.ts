import mysql from 'mysql2/promise';
import { isMysqlSkipped, readTestMysqlUrl, START_MARIADB_HINT } from './mysql-url.ts';

/** Fails the run at once, with what to do, when the MySQL server the tests need is not there. */
export default async function setup(): Promise<void> {
  if (isMysqlSkipped()) {
    console.warn('TEST_MYSQL=skip: the MySQL/MariaDB tests are skipped.');
    return;
  }
  const url = readTestMysqlUrl();
  try {
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    await connection.query('SELECT 1');
    await connection.end();
  } catch (error) {
    throw new Error(
      `The tests need MySQL/MariaDB at ${url.replace(/:[^:@/]*@/, ':***@')}, which is not reachable (${(error as Error).message}): ${START_MARIADB_HINT}.`,
    );
  }
}
