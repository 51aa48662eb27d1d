import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { SlackClients } from '../slack/slack-clients.ts';
import type { DigestRun } from './digest-runs.ts';

/** Test seams at the two moments a replica can die mid-delivery. An error thrown here aborts the delivery unrecorded. */
export interface DeliveryHooks {
  beforePost?: (run: DigestRun) => void | Promise<void>;
  afterPost?: (run: DigestRun) => void | Promise<void>;
}

export interface DigestSchedulerDeps {
  db: Knex;
  /**
   * The background client of each workspace's Slack team (its installation's token), or why it is
   * paused. Rate-limited posts are not waited for inside the call, they are retried through the database.
   */
  slack: SlackClients;
  logger: Logger;
  /** This replica's name, recorded with every claim and attempt. */
  replica: string;
  /** How long a claim holds before another replica may take the run over. */
  leaseMs: number;
  /** A post this long after its time is marked late. */
  graceMs: number;
  hooks?: DeliveryHooks;
}
