import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { createFairQueue } from './create-fair-queue.ts';
import { registerEvents } from './events/index.ts';
import { registerReplayGuard } from './guard-replays.ts';
import { answerUnservedRequests, createRequestAuthorizer } from './installations/authorize-requests.ts';
import { INSTALL_PATH } from './installations/install-paths.ts';
import { createInstallRoutes } from './installations/install-routes.ts';
import { SlackInstallations } from './installations/slack-installations.ts';
import type { TokenRotationOptions } from './installations/token-rotation.ts';
import type { DistributedSlackCredentials, SlackSetup } from './read-slack-credentials.ts';
import { COMMAND_CLIENT_OPTIONS, SlackClient } from './slack-client.ts';
import { createInstalledClients, createSingleWorkspaceClients, type SlackClients } from './slack-clients.ts';
import { requiredBotScopes } from './slack-scopes.ts';
import type { SlackServices } from './slack-services.ts';
import { type HttpLimits, type PageHandler, startHttpServer } from './start-http-server.ts';

export const SLASH_COMMAND = '/miniapp-stats';
/** Commands answered at the same time; more wait their turn (each already acknowledged). */
const WORK_CONCURRENCY = 4;
/** Heavy requests one member may have running or waiting; beyond it one is refused, not queued. */
export const MEMBER_QUEUE_LIMIT = 3;
/** Heavy requests waiting in all: what one replica holds in memory for its members. */
const QUEUE_WAITING_LIMIT = 200;

export interface SlackAppOptions {
  db: Knex;
  logger: Logger;
  /** One workspace (SLACK_BOT_TOKEN, HTTP or Socket Mode), or many through OAuth (distributed, HTTP). */
  credentials: SlackSetup;
  /** Base URL of the Slack Web API (tests and proxies); default https://slack.com/api/. */
  slackApiUrl?: string;
  port: number;
  host?: string;
  /** Limits of the HTTP front other than their defaults (readDefaultHttpLimits). */
  httpLimits?: Partial<HttpLimits>;
  now?: () => Date;
  /** Distributed mode: how token refreshes are coordinated (timings; tests widen or narrow them). */
  rotation?: Omit<TokenRotationOptions, 'db' | 'cipher' | 'refresh' | 'logger'>;
}

export interface RunningSlackApp {
  app: App;
  /** The Slack clients of background work (digests), one per workspace's team: no waiting inside calls; retries are scheduled. */
  slackClients: SlackClients;
  /** The installations (distributed mode only). */
  installations: SlackInstallations | null;
  /** The HTTP port and server (HTTP mode only). */
  port: number | null;
  httpServer: import('node:http').Server | null;
  stop(): Promise<void>;
}

/**
 * Starts the Bolt app: Socket Mode with an app token; else the HTTP receiver behind our verified
 * front, with one bot token, or (distributed) each request authorized with its workspace's
 * installation and the install routes served beside it.
 */
export async function startSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const { credentials, logger, db } = options;
  const installations =
    credentials.mode === 'distributed'
      ? SlackInstallations.create({
          db,
          cipher: credentials.tokenCipher,
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          slackApiUrl: options.slackApiUrl,
          logger: logger.child({ component: 'installations' }),
          ...(options.rotation ? { rotation: options.rotation } : {}),
        })
      : null;
  const work = createFairQueue({ concurrency: WORK_CONCURRENCY, perMember: MEMBER_QUEUE_LIMIT, maxWaiting: QUEUE_WAITING_LIMIT });
  const services: SlackServices = { db, logger, now: options.now, command: SLASH_COMMAND, work, installations };
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
    const slackClients = singleWorkspaceClients(credentials.botToken, options);
    return { app, slackClients, installations, port: null, httpServer: null, stop: async () => void (await app.stop()) };
  }
  const receiver = new HTTPReceiver({ signingSecret: credentials.signingSecret!, endpoints: '/slack/events', logger: boltLogger });
  let app: App;
  let pages: Record<string, PageHandler> | undefined;
  let slackClients: SlackClients;
  if (credentials.mode === 'distributed') {
    const authorize = createRequestAuthorizer(installations!, logger.child({ component: 'installations' }));
    app = new App({ authorize, receiver, clientOptions, logger: boltLogger, logLevel: LogLevel.INFO });
    app.use(answerUnservedRequests(services, installUrlOf(credentials)));
    pages = createInstallRoutes({
      db,
      installations: installations!,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      stateSecret: credentials.stateSecret,
      redirectUri: credentials.redirectUri,
      scopes: requiredBotScopes(),
      slackApiUrl: options.slackApiUrl,
      logger,
    });
    slackClients = createInstalledClients(installations!, { slackApiUrl: options.slackApiUrl });
  } else {
    app = new App({ token: credentials.botToken, receiver, clientOptions, logger: boltLogger, logLevel: LogLevel.INFO });
    slackClients = singleWorkspaceClients(credentials.botToken, options);
  }
  registerHandlers(app, services);
  const http = await startHttpServer({
    port: options.port,
    host: options.host,
    signingSecret: credentials.signingSecret!,
    receiver,
    logger,
    limits: options.httpLimits,
    dispatch: (body) => app.processEvent({ body, ack: async () => undefined }),
    checkHealth: async () => {
      await db.raw('SELECT 1');
      return true;
    },
    pages,
  });
  return { app, slackClients, installations, port: http.port, httpServer: http.server, stop: () => http.close() };
}

function singleWorkspaceClients(botToken: string, options: SlackAppOptions): SlackClients {
  return createSingleWorkspaceClients(SlackClient.forBackground(botToken, { slackApiUrl: options.slackApiUrl }));
}

/** The public install page, when the redirect URL says where the app is served. */
function installUrlOf(credentials: DistributedSlackCredentials): string | undefined {
  return credentials.redirectUri ? new URL(INSTALL_PATH, credentials.redirectUri).toString() : undefined;
}

function registerHandlers(app: App, services: SlackServices): void {
  registerReplayGuard(app, services);
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
