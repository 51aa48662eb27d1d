import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { createWorkQueue } from './create-work-queue.ts';
import { registerEvents } from './events/index.ts';
import type { SlackCredentials } from './read-slack-credentials.ts';
import { COMMAND_CLIENT_OPTIONS, SlackClient } from './slack-client.ts';
import type { SlackServices } from './slack-services.ts';
import { startHttpServer } from './start-http-server.ts';

export const SLASH_COMMAND = '/miniapp-stats';
/** Commands answered at the same time; more wait their turn (each already acknowledged). */
const WORK_CONCURRENCY = 4;

export interface SlackAppOptions {
  db: Knex;
  logger: Logger;
  credentials: SlackCredentials;
  /** Base URL of the Slack Web API (tests and proxies); default https://slack.com/api/. */
  slackApiUrl?: string;
  port: number;
  host?: string;
  now?: () => Date;
}

export interface RunningSlackApp {
  app: App;
  /** The Slack client of background work (digests): no waiting inside calls; retries are scheduled. */
  backgroundSlack: SlackClient;
  /** The HTTP port and server (HTTP mode only). */
  port: number | null;
  httpServer: import('node:http').Server | null;
  stop(): Promise<void>;
}

/** Starts the Bolt app: Socket Mode with an app token, else the HTTP receiver behind our verified front. */
export async function startSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const { credentials, logger, db } = options;
  const services: SlackServices = { db, logger, now: options.now, command: SLASH_COMMAND, work: createWorkQueue(WORK_CONCURRENCY) };
  const clientOptions = { ...COMMAND_CLIENT_OPTIONS, ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}) };
  const boltLogger = createBoltLogger(logger);
  if (credentials.mode === 'socket') {
    const app = new App({
      token: credentials.botToken,
      appToken: credentials.appToken,
      socketMode: true,
      clientOptions,
      logger: boltLogger,
      logLevel: LogLevel.INFO,
    });
    registerHandlers(app, services);
    await app.start();
    return { app, backgroundSlack: backgroundSlack(credentials, options), port: null, httpServer: null, stop: async () => void (await app.stop()) };
  }
  const receiver = new HTTPReceiver({ signingSecret: credentials.signingSecret!, endpoints: '/slack/events', logger: boltLogger });
  const app = new App({ token: credentials.botToken, receiver, clientOptions, logger: boltLogger, logLevel: LogLevel.INFO });
  registerHandlers(app, services);
  const http = await startHttpServer({
    port: options.port,
    host: options.host,
    signingSecret: credentials.signingSecret!,
    receiver,
    logger,
    dispatch: (body) => app.processEvent({ body, ack: async () => undefined }),
    checkHealth: async () => {
      await db.raw('SELECT 1');
      return true;
    },
  });
  return { app, backgroundSlack: backgroundSlack(credentials, options), port: http.port, httpServer: http.server, stop: () => http.close() };
}

function backgroundSlack(credentials: SlackCredentials, options: SlackAppOptions): SlackClient {
  return SlackClient.forBackground(credentials.botToken, { slackApiUrl: options.slackApiUrl });
}

function registerHandlers(app: App, services: SlackServices): void {
  registerCommands(app, services);
  registerActions(app, services);
  registerEvents(app, services);
  app.error(async (error) => {
    services.logger.error({ err: error }, 'unhandled Slack handler error');
  });
}

/** Bolt's logger interface on top of the app's pino logger. */
export function createBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...msg) => child.debug(msg.join(' ')),
    info: (...msg) => child.info(msg.join(' ')),
    warn: (...msg) => child.warn(msg.join(' ')),
    error: (...msg) => child.error(msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
