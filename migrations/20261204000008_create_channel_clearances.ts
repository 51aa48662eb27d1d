import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * Who sees an answer: the channels an admin cleared for analytics (`channel allow`), each
 * workspace's own; the last check of each conversation's members, kept a few minutes; and, beside
 * the e-mail of the Slack user cache, whether the user is a bot or deactivated (both left out of
 * a conversation's check). Times are epoch milliseconds.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);

  await knex.schema.createTable('cleared_channels', (t) => {
    textTable(t);
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('channel_id', 32).notNullable();
    t.string('cleared_by', 32).notNullable().comment('the Slack user id of the admin, or console');
    t.string('cleared_by_email', 254).nullable().comment("the admin's member e-mail");
    t.bigInteger('cleared_at_ms').notNullable();
    t.primary(['workspace_id', 'channel_id']);
  });

  // One row per conversation checked: `generation` goes up when someone joins it, so that a check
  // that read the members before the join cannot store its result after it.
  await knex.schema.createTable('conversation_checks', (t) => {
    textTable(t);
    t.string('workspace_id', 64).notNullable().references('workspace_id').inTable('workspaces');
    t.string('channel_id', 32).notNullable();
    t.integer('generation').notNullable().defaultTo(0);
    t.bigInteger('checked_at_ms').nullable().comment('NULL: no result (never checked, or someone joined since)');
    t.integer('humans').nullable().comment('human members, bots and deactivated users left out');
    t.integer('without_role').nullable().comment('of them, how many cannot see the workspace analytics');
    t.primary(['workspace_id', 'channel_id']);
    t.index(['channel_id'], 'conversation_checks_channel_index');
  });

  await knex.schema.alterTable('slack_user_links', (t) => {
    t.boolean('is_bot').notNullable().defaultTo(false);
    t.boolean('deleted').notNullable().defaultTo(false).comment('deactivated in Slack');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('slack_user_links', (t) => {
    t.dropColumn('deleted');
    t.dropColumn('is_bot');
  });
  await knex.schema.dropTable('conversation_checks');
  await knex.schema.dropTable('cleared_channels');
}
