import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { FairQueue } from './create-fair-queue.ts';
import type { SlackInstallations } from './installations/slack-installations.ts';

/** What the Slack handlers need besides what Bolt hands them. */
export interface SlackServices {
  db: Knex;
  logger: Logger;
  now?: () => Date;
  /** The slash command the app answers to. */
  command: string;
  /** Where the heavy work after an acknowledgement (figures, charts, workbooks) waits its turn. */
  work: FairQueue;
  /** The installations of a distributed deployment; null with one workspace (SLACK_BOT_TOKEN). */
  installations: SlackInstallations | null;
}
