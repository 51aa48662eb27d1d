import type { Knex } from 'knex';
import { prepareTextTables } from '../src/db/text-collation.ts';

/**
 * The Slack installations of a distributed deployment (one per Slack workspace, or one org-wide per
 * Enterprise Grid organisation), the OAuth states already used, and which organisation a workspace
 * belongs to. Tokens are stored encrypted (AES-256-GCM, MINIAPP_STATS_TOKEN_KEY), never in plain text.
 * Times are epoch milliseconds.
 */
export async function up(knex: Knex): Promise<void> {
  const textTable = await prepareTextTables(knex);

  // '' stands for "none" in the key columns: MySQL's unique keys let any number of NULLs through.
  await knex.schema.createTable('slack_installations', (t) => {
    textTable(t);
    t.increments('id');
    t.string('enterprise_id', 32).notNullable().defaultTo('').comment("'' when not in an Enterprise Grid organisation");
    t.string('team_id', 32).notNullable().defaultTo('').comment("'' for an org-wide installation");
    t.boolean('is_enterprise_install').notNullable().defaultTo(false);
    t.string('team_name', 255).nullable();
    t.string('enterprise_name', 255).nullable();
    t.string('enterprise_url', 255).nullable();
    t.string('app_id', 32).nullable();
    t.string('bot_user_id', 32).nullable();
    t.string('bot_id', 32).nullable();
    t.string('bot_scopes', 2000).notNullable().defaultTo('').comment('comma-separated');
    t.string('installer_user_id', 32).nullable();
    t.text('bot_token_sealed').nullable().comment('AES-256-GCM; NULL once revoked');
    t.text('bot_refresh_token_sealed').nullable().comment('AES-256-GCM; NULL without token rotation or once revoked');
    t.bigInteger('bot_token_expires_at_ms').nullable().comment('NULL: the token does not expire');
    t.string('status', 16).notNullable().comment('active, revoked or needs_reinstall');
    t.string('status_reason', 64).nullable().comment('e.g. app_uninstalled, tokens_revoked, invalid_refresh_token');
    t.integer('token_version').notNullable().defaultTo(0).comment('+1 whenever the tokens change: the compare-and-set of a refresh');
    t.string('refresh_claimed_by', 64).nullable().comment('the replica refreshing the token now');
    t.bigInteger('refresh_lease_until_ms').nullable();
    t.bigInteger('installed_at_ms').notNullable().comment('the latest installation (a reinstall sets it again)');
    t.bigInteger('updated_at_ms').notNullable();
    t.bigInteger('revoked_at_ms').nullable();
    t.unique(['enterprise_id', 'team_id'], { indexName: 'slack_installations_key_unique' });
    t.index(['team_id'], 'slack_installations_team_index');
  });

  // A state's hash is inserted when it is used: the primary key makes a second use fail.
  await knex.schema.createTable('slack_oauth_states', (t) => {
    textTable(t);
    t.string('state_hash', 64).primary().comment('SHA-256 (hex) of the signed part of the state');
    t.bigInteger('expires_at_ms').notNullable();
    t.bigInteger('used_at_ms').notNullable();
    t.index(['expires_at_ms'], 'slack_oauth_states_expiry_index');
  });

  // So background work finds the org-wide installation that serves a workspace.
  await knex.schema.createTable('slack_team_enterprises', (t) => {
    textTable(t);
    t.string('team_id', 32).primary();
    t.string('enterprise_id', 32).notNullable();
    t.bigInteger('seen_at_ms').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['slack_team_enterprises', 'slack_oauth_states', 'slack_installations']) {
    await knex.schema.dropTable(table);
  }
}
