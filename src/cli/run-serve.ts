import os from 'node:os';
import { pino } from 'pino';
import type { EnvOptions } from '../config/read-env-options.ts';
import { migrateDatabase, openDatabase } from '../db/database.ts';
import { DEFAULT_GRACE_MS, DEFAULT_LEASE_MS } from '../digests/run-digest-tick.ts';
import { startDigestScheduler } from '../digests/start-digest-scheduler.ts';
import { INSTALL_PATH, OAUTH_REDIRECT_PATH } from '../slack/installations/install-paths.ts';
import { readSlackSetup } from '../slack/read-slack-credentials.ts';
import { startSlackApp } from '../slack/start-slack-app.ts';
import type { Io } from './io.ts';

/**
 * `serve`: the Slack app, until SIGINT/SIGTERM: one workspace (SLACK_BOT_TOKEN; Socket Mode with
 * SLACK_APP_TOKEN, else HTTP on PORT), or every tenant's Slack workspace through OAuth (HTTP).
 */
export async function runServe(options: EnvOptions, io: Io): Promise<number> {
  const credentials = readSlackSetup(options);
  const logger = pino({ level: options.logLevel, base: { service: 'miniapp-stats' } });
  // knex's own messages become JSON lines of the log, like everything else `serve` prints on standard output.
  const db = openDatabase(options.databaseUrl, logger.child({ component: 'database' }));
  try {
    await migrateDatabase(db);
    const httpLimits = {
      ...(options.httpMaxConnections ? { maxConnections: options.httpMaxConnections } : {}),
      ...(options.httpKeepAliveSeconds ? { keepAliveTimeoutMs: options.httpKeepAliveSeconds * 1000 } : {}),
    };
    const running = await startSlackApp({ db, logger, credentials, slackApiUrl: options.slackApiUrl, port: options.port, httpLimits });
    const replica = `${os.hostname()}-${process.pid}`;
    const scheduler = startDigestScheduler({
      db,
      slack: running.slackClients,
      logger: logger.child({ component: 'digests' }),
      replica,
      leaseMs: DEFAULT_LEASE_MS,
      graceMs: DEFAULT_GRACE_MS,
    });
    const routes = credentials.mode === 'distributed' ? `, GET ${INSTALL_PATH}, GET ${OAUTH_REDIRECT_PATH}` : '';
    io.err(
      credentials.mode === 'socket'
        ? 'miniapp-stats is connected to Slack (Socket Mode).'
        : `miniapp-stats listens on port ${running.port}: POST /slack/events, GET /healthz${routes}.`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await scheduler.stop();
    await running.stop();
    return 0;
  } finally {
    await db.destroy();
  }
}
