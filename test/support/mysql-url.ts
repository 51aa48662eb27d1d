/** The MySQL/MariaDB server the tests use: TEST_MYSQL_URL, or the machine's MariaDB. */
export function readTestMysqlUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_MYSQL_URL?.trim() || 'mysql://root@127.0.0.1:3306/test';
}

/** MySQL tests are skipped only when asked for explicitly. */
export function isMysqlSkipped(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TEST_MYSQL?.trim().toLowerCase() === 'skip';
}

export const START_MARIADB_HINT =
  'start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`, ' +
  'point TEST_MYSQL_URL=mysql://user:pass@host:3306/db at another server, ' +
  'or skip the MySQL tests explicitly with TEST_MYSQL=skip';
