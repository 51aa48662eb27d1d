/** The Slack app as the end-to-end tests run it, and the slash commands they send it as Slack would. */
import type { Knex } from 'knex';
import { pino } from 'pino';
import { type RunningSlackApp, startSlackApp } from '../../../src/slack/start-slack-app.ts';
import type { FakeSlackApi } from './fake-slack-api.ts';
import { type AppResponse, postToApp, slashCommandBody } from './slack-requests.ts';

export interface TestSlackApp {
  running: RunningSlackApp;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

/** The app's HTTP receiver on a free local port, calling the stand-in's Web API, with a fixed clock (E2E_LOG=debug shows its log). */
export async function startTestSlackApp(options: { db: Knex; fake: FakeSlackApi; botToken: string; signingSecret: string; now: Date }): Promise<TestSlackApp> {
  const running = await startSlackApp({
    db: options.db,
    logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
    credentials: { mode: 'http', botToken: options.botToken, signingSecret: options.signingSecret, appToken: undefined },
    slackApiUrl: options.fake.url,
    port: 0,
    host: '127.0.0.1',
    now: () => options.now,
  });
  return { running, base: `http://127.0.0.1:${running.port}` };
}

export interface SlashOptions {
  user?: string;
  team?: string;
  channel?: string;
}

/**
 * A sender of signed `/miniapp-stats` commands to the app at `target().base`, each with a
 * response_url of the stand-in named by the returned `responseId`.
 */
export function createSlashSender(
  target: () => { base: string; fake: FakeSlackApi },
  defaults: { signingSecret: string; user: string; team: string; channel: string },
): (text: string, options?: SlashOptions) => Promise<{ response: AppResponse; responseId: string }> {
  let sent = 0;
  return async (text, options = {}) => {
    const { base, fake } = target();
    const responseId = `slash${++sent}`;
    const response = await postToApp(
      `${base}/slack/events`,
      slashCommandBody({
        command: '/miniapp-stats',
        text,
        userId: options.user ?? defaults.user,
        teamId: options.team ?? defaults.team,
        channelId: options.channel ?? defaults.channel,
        responseUrl: fake.responseUrl(responseId),
      }),
      { signingSecret: defaults.signingSecret },
    );
    return { response, responseId };
  };
}
