/**
 * The store's tables as knex sees them: every table the migrations create, with each row as the
 * drivers return it (see buildKnexConfig): dates as 'YYYY-MM-DD' text (mysql2 `dateStrings`, and
 * SQLite keeps the text written), integers and BIGINTs as numbers (mysql2 `supportBigNumbers`
 * without `bigNumberStrings` gives a string only beyond 2^53, which no id or epoch millisecond
 * reaches), booleans as 0 or 1, binary columns as Buffers. `db('apps')` is then typed by it.
 * TABLE_COLUMNS lists the same columns with their SQL types, and test/db/tables.test.ts holds it
 * equal to a migrated database, so neither can drift from the migrations.
 */
import type { Knex } from 'knex';
import type { Tables } from 'knex/types/tables.js';
import type { Day } from '../domain/types.ts';

/** A boolean column as read back (MySQL's TINYINT(1) and SQLite's integers). */
export type Flag = 0 | 1;

export interface WorkspaceRow {
  workspace_id: string;
  name: string;
  slack_team_id: string | null;
  timezone: string;
}

export interface MemberRow {
  workspace_id: string;
  /** Trimmed and lower-cased. */
  email: string;
  slack_user_id: string | null;
  role: string;
}

export interface MerchantRow {
  workspace_id: string;
  merchant_id: string;
  name: string;
  kind: string;
  onboarded_on: Day;
}

export interface AppRow {
  id: number;
  workspace_id: string;
  app_id: string;
  name: string;
}

export interface MiniProgramRow {
  id: number;
  workspace_id: string;
  mini_program_id: string;
  /** apps.id */
  app_ref: number;
  name: string;
  category: string;
  source: string;
  status: string;
  created_on: Day;
}

export interface AppUserRow {
  id: number;
  /** apps.id */
  app_ref: number;
  /** The user's id as the import files name it. */
  user_id: string;
  /** Null: unknown. */
  source: string | null;
}

export interface ActivityRow {
  app_ref: number;
  day: Day;
  /** app_users.id */
  user_ref: number;
  /** mini_programs.id */
  mini_program_ref: number;
  page_views: number;
}

export interface AuditLogRow {
  id: number;
  occurred_at_ms: number;
  surface: 'slack' | 'console' | 'digest';
  workspace_id: string | null;
  slack_team_id: string | null;
  slack_user_id: string | null;
  member_email: string | null;
  command: string;
  outcome: 'ok' | 'invalid' | 'denied' | 'error' | 'busy';
  detail: string | null;
}

export interface SlackUserLinkRow {
  slack_team_id: string;
  slack_user_id: string;
  /** The Slack profile's e-mail, lower-cased; null when Slack shows none. */
  email: string | null;
  fetched_at_ms: number;
  is_bot: Flag;
  /** Deactivated in Slack. */
  deleted: Flag;
}

export interface DigestRow {
  id: number;
  workspace_id: string;
  channel_id: string;
  cadence: 'daily' | 'weekly';
  /** 1 = Monday … 7 = Sunday, weekly digests only. */
  weekday: number | null;
  /** HH:MM in the workspace's time zone. */
  time_of_day: string;
  /** Command text without a date, e.g. "app wallet 7d". */
  content: string;
  created_by: string;
  created_at_ms: number;
  removed_at_ms: number | null;
}

export interface DigestRunRow {
  id: number;
  /** digests.id */
  digest_id: number;
  local_day: Day;
  scheduled_at_ms: number;
  /** paused: the team had no usable installation; held: the channel was not cleared for analytics at delivery (last_error says why). */
  status: 'posting' | 'retrying' | 'posted' | 'failed' | 'missed' | 'paused' | 'held';
  late: Flag;
  attempts: number;
  claimed_by: string | null;
  lease_until_ms: number | null;
  next_attempt_at_ms: number | null;
  message_channel: string | null;
  message_ts: string | null;
  files_posted: Flag;
  last_error: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface DigestRunAttemptRow {
  id: number;
  /** digest_runs.id */
  run_id: number;
  attempt: number;
  replica: string;
  started_at_ms: number;
  finished_at_ms: number | null;
  outcome: string | null;
  detail: string | null;
}

export interface AppCategoryRow {
  /** The scope of the category's aggregates. */
  id: number;
  app_ref: number;
  name: string;
}

export interface AggDailyRow {
  app_ref: number;
  /** 0: the whole app; otherwise app_categories.id */
  scope_ref: number;
  day: Day;
  uv: number;
  pv: number;
  uv7: number;
  uv30: number;
}

export interface AggFirstDayRow {
  app_ref: number;
  scope_ref: number;
  day: Day;
  source: string;
  users: number;
}

export interface AggPreferenceRow {
  app_ref: number;
  day: Day;
  /** app_categories.id */
  category_ref: number;
  delta: number;
}

export interface AggStateRow {
  app_ref: number;
  status: 'fresh' | 'stale';
  updated_at_ms: number;
  reason: string | null;
}

export interface UserStateRow {
  app_ref: number;
  user_id: string;
  /** app_users.id */
  user_ref: number;
  /** The encoded state (see src/aggregates/user-state.ts). */
  state: Buffer;
}

export interface ClearedChannelRow {
  workspace_id: string;
  channel_id: string;
  /** The Slack user id of the admin who cleared it, or 'console'. */
  cleared_by: string;
  cleared_by_email: string | null;
  cleared_at_ms: number;
}

export interface ConversationCheckRow {
  workspace_id: string;
  channel_id: string;
  /** +1 whenever someone joins the conversation: a check stores its result only under the generation it started in. */
  generation: number;
  /** Null: no result. */
  checked_at_ms: number | null;
  /** Human members (bots and deactivated users left out). */
  humans: number | null;
  /** Of them, how many cannot see the workspace's analytics. */
  without_role: number | null;
}

/** What an insert takes: nullable columns and those in `Optional` (generated or defaulted) may be left out. */
export interface SlackInstallationRow {
  id: number;
  /** '' when the workspace is not in an Enterprise Grid organisation. */
  enterprise_id: string;
  /** '' for an org-wide installation. */
  team_id: string;
  is_enterprise_install: Flag;
  team_name: string | null;
  enterprise_name: string | null;
  enterprise_url: string | null;
  app_id: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  /** Comma-separated. */
  bot_scopes: string;
  installer_user_id: string | null;
  /** AES-256-GCM (MINIAPP_STATS_TOKEN_KEY); null once revoked. */
  bot_token_sealed: string | null;
  bot_refresh_token_sealed: string | null;
  bot_token_expires_at_ms: number | null;
  /** active, revoked or needs_reinstall. */
  status: string;
  status_reason: string | null;
  token_version: number;
  refresh_claimed_by: string | null;
  refresh_lease_until_ms: number | null;
  installed_at_ms: number;
  updated_at_ms: number;
  revoked_at_ms: number | null;
}

export interface SlackOauthStateRow {
  /** SHA-256 (hex) of the signed part of a used state. */
  state_hash: string;
  expires_at_ms: number;
  used_at_ms: number;
}

export interface SlackSeenRequestRow {
  /** `command:<trigger_id>`, `action:<trigger_id>:<action_ts>`, `event:<event_id>` (hashed when longer than the column). */
  request_id: string;
  seen_at_ms: number;
  expires_at_ms: number;
}

export interface SlackTeamEnterpriseRow {
  team_id: string;
  enterprise_id: string;
  seen_at_ms: number;
}

type Insert<Row, Optional extends keyof Row = never> = { [K in Exclude<keyof Row, Optional | NullableKeys<Row>>]: Written<Row[K]> } & {
  [K in Optional | NullableKeys<Row>]?: Written<Row[K]>;
};
type NullableKeys<Row> = { [K in keyof Row]: null extends Row[K] ? K : never }[keyof Row];
/** Booleans are written as booleans, binary columns as any byte array. */
type Written<V> = (V extends Flag ? boolean | Flag : V extends Buffer ? Uint8Array : V) | Knex.Raw;
type Table<Row, Optional extends keyof Row = never> = Knex.CompositeTableType<Row, Insert<Row, Optional>>;

declare module 'knex/types/tables.js' {
  interface Tables {
    workspaces: Table<WorkspaceRow>;
    members: Table<MemberRow>;
    merchants: Table<MerchantRow>;
    apps: Table<AppRow, 'id'>;
    mini_programs: Table<MiniProgramRow, 'id'>;
    app_users: Table<AppUserRow, 'id'>;
    activity: Table<ActivityRow>;
    audit_log: Table<AuditLogRow, 'id'>;
    slack_user_links: Table<SlackUserLinkRow, 'is_bot' | 'deleted'>;
    digests: Table<DigestRow, 'id'>;
    digest_runs: Table<DigestRunRow, 'id' | 'late' | 'attempts' | 'files_posted'>;
    digest_run_attempts: Table<DigestRunAttemptRow, 'id'>;
    app_categories: Table<AppCategoryRow, 'id'>;
    agg_daily: Table<AggDailyRow, 'uv' | 'pv' | 'uv7' | 'uv30'>;
    agg_first_days: Table<AggFirstDayRow>;
    agg_preferences: Table<AggPreferenceRow>;
    agg_state: Table<AggStateRow>;
    user_states: Table<UserStateRow>;
    slack_installations: Table<SlackInstallationRow, 'id' | 'enterprise_id' | 'team_id' | 'is_enterprise_install' | 'bot_scopes' | 'token_version'>;
    slack_oauth_states: Table<SlackOauthStateRow>;
    slack_team_enterprises: Table<SlackTeamEnterpriseRow>;
    slack_seen_requests: Table<SlackSeenRequestRow>;
    cleared_channels: Table<ClearedChannelRow>;
    conversation_checks: Table<ConversationCheckRow, 'generation'>;
  }
}

export type TableName = keyof Tables;
/** A row of a table as read. */
export type RowOf<T extends TableName> = Knex.ResolveTableType<Tables[T]>;
/** A row of a table as written. */
export type NewRowOf<T extends TableName> = Knex.ResolveTableType<Tables[T], 'insert'>;

/**
 * A column's SQL type as the test reads it back from the database: `varchar(n)` with its length,
 * and ` null` after the type of a nullable column. It must agree with the row's TypeScript type.
 */
type ColumnType<V> = null extends V ? `${SqlType<NonNullable<V>>} null` : SqlType<V>;
type SqlType<V> = V extends Flag
  ? 'boolean'
  : V extends string
    ? `varchar(${number})` | 'date' | 'text'
    : V extends number
      ? 'integer' | 'bigint' | 'tinyint'
      : V extends Buffer
        ? 'binary'
        : never;

/** Every table's columns and their SQL types: exactly the keys of each row type, in the migrations' order. */
export const TABLE_COLUMNS: { readonly [T in TableName]: { readonly [K in keyof RowOf<T>]-?: ColumnType<RowOf<T>[K]> } } = {
  workspaces: { workspace_id: 'varchar(64)', name: 'varchar(255)', slack_team_id: 'varchar(32) null', timezone: 'varchar(64)' },
  members: { workspace_id: 'varchar(64)', email: 'varchar(254)', slack_user_id: 'varchar(32) null', role: 'varchar(64)' },
  merchants: { workspace_id: 'varchar(64)', merchant_id: 'varchar(128)', name: 'varchar(255)', kind: 'varchar(16)', onboarded_on: 'date' },
  apps: { id: 'integer', workspace_id: 'varchar(64)', app_id: 'varchar(128)', name: 'varchar(255)' },
  mini_programs: {
    id: 'integer',
    workspace_id: 'varchar(64)',
    mini_program_id: 'varchar(128)',
    app_ref: 'integer',
    name: 'varchar(255)',
    category: 'varchar(191)',
    source: 'varchar(191)',
    status: 'varchar(32)',
    created_on: 'date',
  },
  app_users: { id: 'integer', app_ref: 'integer', user_id: 'varchar(128)', source: 'varchar(191) null' },
  activity: { app_ref: 'integer', day: 'date', user_ref: 'integer', mini_program_ref: 'integer', page_views: 'integer' },
  audit_log: {
    id: 'bigint',
    occurred_at_ms: 'bigint',
    surface: 'varchar(16)',
    workspace_id: 'varchar(64) null',
    slack_team_id: 'varchar(32) null',
    slack_user_id: 'varchar(32) null',
    member_email: 'varchar(254) null',
    command: 'varchar(2000)',
    outcome: 'varchar(16)',
    detail: 'varchar(1000) null',
  },
  slack_user_links: {
    slack_team_id: 'varchar(32)',
    slack_user_id: 'varchar(32)',
    email: 'varchar(254) null',
    fetched_at_ms: 'bigint',
    is_bot: 'boolean',
    deleted: 'boolean',
  },
  digests: {
    id: 'integer',
    workspace_id: 'varchar(64)',
    channel_id: 'varchar(32)',
    cadence: 'varchar(8)',
    weekday: 'tinyint null',
    time_of_day: 'varchar(5)',
    content: 'varchar(500)',
    created_by: 'varchar(32)',
    created_at_ms: 'bigint',
    removed_at_ms: 'bigint null',
  },
  digest_runs: {
    id: 'bigint',
    digest_id: 'integer',
    local_day: 'date',
    scheduled_at_ms: 'bigint',
    status: 'varchar(16)',
    late: 'boolean',
    attempts: 'integer',
    claimed_by: 'varchar(64) null',
    lease_until_ms: 'bigint null',
    next_attempt_at_ms: 'bigint null',
    message_channel: 'varchar(32) null',
    message_ts: 'varchar(32) null',
    files_posted: 'boolean',
    last_error: 'varchar(500) null',
    created_at_ms: 'bigint',
    updated_at_ms: 'bigint',
  },
  digest_run_attempts: {
    id: 'bigint',
    run_id: 'bigint',
    attempt: 'integer',
    replica: 'varchar(64)',
    started_at_ms: 'bigint',
    finished_at_ms: 'bigint null',
    outcome: 'varchar(32) null',
    detail: 'varchar(500) null',
  },
  app_categories: { id: 'integer', app_ref: 'integer', name: 'varchar(191)' },
  agg_daily: { app_ref: 'integer', scope_ref: 'integer', day: 'date', uv: 'integer', pv: 'bigint', uv7: 'integer', uv30: 'integer' },
  agg_first_days: { app_ref: 'integer', scope_ref: 'integer', day: 'date', source: 'varchar(191)', users: 'integer' },
  agg_preferences: { app_ref: 'integer', day: 'date', category_ref: 'integer', delta: 'integer' },
  agg_state: { app_ref: 'integer', status: 'varchar(16)', updated_at_ms: 'bigint', reason: 'varchar(255) null' },
  user_states: { app_ref: 'integer', user_id: 'varchar(128)', user_ref: 'integer', state: 'binary' },
  slack_installations: {
    id: 'integer',
    enterprise_id: 'varchar(32)',
    team_id: 'varchar(32)',
    is_enterprise_install: 'boolean',
    team_name: 'varchar(255) null',
    enterprise_name: 'varchar(255) null',
    enterprise_url: 'varchar(255) null',
    app_id: 'varchar(32) null',
    bot_user_id: 'varchar(32) null',
    bot_id: 'varchar(32) null',
    bot_scopes: 'varchar(2000)',
    installer_user_id: 'varchar(32) null',
    bot_token_sealed: 'text null',
    bot_refresh_token_sealed: 'text null',
    bot_token_expires_at_ms: 'bigint null',
    status: 'varchar(16)',
    status_reason: 'varchar(64) null',
    token_version: 'integer',
    refresh_claimed_by: 'varchar(64) null',
    refresh_lease_until_ms: 'bigint null',
    installed_at_ms: 'bigint',
    updated_at_ms: 'bigint',
    revoked_at_ms: 'bigint null',
  },
  slack_oauth_states: { state_hash: 'varchar(64)', expires_at_ms: 'bigint', used_at_ms: 'bigint' },
  slack_team_enterprises: { team_id: 'varchar(32)', enterprise_id: 'varchar(32)', seen_at_ms: 'bigint' },
  slack_seen_requests: { request_id: 'varchar(128)', seen_at_ms: 'bigint', expires_at_ms: 'bigint' },
  cleared_channels: {
    workspace_id: 'varchar(64)',
    channel_id: 'varchar(32)',
    cleared_by: 'varchar(32)',
    cleared_by_email: 'varchar(254) null',
    cleared_at_ms: 'bigint',
  },
  conversation_checks: {
    workspace_id: 'varchar(64)',
    channel_id: 'varchar(32)',
    generation: 'integer',
    checked_at_ms: 'bigint null',
    humans: 'integer null',
    without_role: 'integer null',
  },
};
