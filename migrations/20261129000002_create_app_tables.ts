import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * The app's own tables: the audit log, the Slack user → e-mail cache, digest subscriptions and
 * their runs. Instants are stored as epoch milliseconds (BIGINT) so MySQL and SQLite read them alike.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);

  await knex.schema.createTable('audit_log', (t) => {
    textTable(t);
    t.bigIncrements('id');
    t.bigInteger('occurred_at_ms').notNullable();
    t.string('surface', 16).notNullable().comment('slack, console or digest');
    t.string('workspace_id', 64).nullable();
    t.string('slack_team_id', 32).nullable();
    t.string('slack_user_id', 32).nullable();
    t.string('member_email', 254).nullable();
    t.string('command', 2000).notNullable();
    t.string('outcome', 16).notNullable().comment('ok, invalid, denied or error');
    t.string('detail', 1000).nullable();
    t.index(['workspace_id', 'occurred_at_ms'], 'audit_log_workspace_time_index');
  });

  await knex.schema.createTable('slack_user_links', (t) => {
    textTable(t);
    t.string('slack_team_id', 32).notNullable();
    t.string('slack_user_id', 32).notNullable();
    t.string('email', 254).nullable().comment('the Slack profile e-mail, lower-cased; NULL when Slack shows none');
    t.bigInteger('fetched_at_ms').notNullable();
    t.primary(['slack_team_id', 'slack_user_id']);
  });

  await knex.schema.createTable('digests', (t) => {
    textTable(t);
    t.increments('id');
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('channel_id', 32).notNullable();
    t.string('cadence', 8).notNullable().comment('daily or weekly');
    t.tinyint('weekday').nullable().comment('1 = Monday .. 7 = Sunday, weekly only');
    t.string('time_of_day', 5).notNullable().comment('HH:MM in the workspace time zone');
    t.string('content', 500).notNullable().comment('command text, e.g. "app wallet 7d"');
    t.string('created_by', 32).notNullable();
    t.bigInteger('created_at_ms').notNullable();
    t.bigInteger('removed_at_ms').nullable();
    t.index(['workspace_id'], 'digests_workspace_index');
  });

  // One row per digest and local day: the unique key is the claim that makes a post happen once.
  await knex.schema.createTable('digest_runs', (t) => {
    textTable(t);
    t.bigIncrements('id');
    t.integer('digest_id').unsigned().notNullable().references('id').inTable('digests');
    t.date('local_day').notNullable();
    t.bigInteger('scheduled_at_ms').notNullable();
    t.string('status', 16).notNullable().comment('posting, retrying, posted, failed or missed');
    t.boolean('late').notNullable().defaultTo(false);
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('claimed_by', 64).nullable();
    t.bigInteger('lease_until_ms').nullable();
    t.bigInteger('next_attempt_at_ms').nullable();
    t.string('message_channel', 32).nullable();
    t.string('message_ts', 32).nullable();
    t.boolean('files_posted').notNullable().defaultTo(false);
    t.string('last_error', 500).nullable();
    t.bigInteger('created_at_ms').notNullable();
    t.bigInteger('updated_at_ms').notNullable();
    t.unique(['digest_id', 'local_day'], { indexName: 'digest_runs_slot_unique' });
    t.index(['status', 'next_attempt_at_ms'], 'digest_runs_status_index');
  });

  // Every delivery attempt and how it ended.
  await knex.schema.createTable('digest_run_attempts', (t) => {
    textTable(t);
    t.bigIncrements('id');
    t.bigInteger('run_id').unsigned().notNullable().references('id').inTable('digest_runs');
    t.integer('attempt').notNullable();
    t.string('replica', 64).notNullable();
    t.bigInteger('started_at_ms').notNullable();
    t.bigInteger('finished_at_ms').nullable();
    t.string('outcome', 32).nullable().comment('posted, recovered, retry, rate_limited, failed, channel_unavailable');
    t.string('detail', 500).nullable();
    t.index(['run_id'], 'digest_run_attempts_run_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['digest_run_attempts', 'digest_runs', 'digests', 'slack_user_links', 'audit_log']) {
    await knex.schema.dropTable(table);
  }
}
