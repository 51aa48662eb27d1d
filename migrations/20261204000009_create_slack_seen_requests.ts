import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * The Slack requests already seen, so that a replayed or retried one is acknowledged and does
 * nothing else, on whichever replica it lands: the primary key makes the second insert fail.
 * Kept for twice the signature window (a request is accepted up to 5 minutes either side of its
 * timestamp), then pruned. Times are epoch milliseconds.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);
  await knex.schema.createTable('slack_seen_requests', (t) => {
    textTable(t);
    t.string('request_id', 128).primary().comment('command:<trigger_id>, action:<trigger_id>:<action_ts>, event:<event_id>');
    t.bigInteger('seen_at_ms').notNullable();
    t.bigInteger('expires_at_ms').notNullable();
    t.index(['expires_at_ms'], 'slack_seen_requests_expiry_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('slack_seen_requests');
}
