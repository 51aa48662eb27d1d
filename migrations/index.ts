import type { Knex } from 'knex';
import * as createStore from './20261129000001_create_store.ts';
import * as createAppTables from './20261129000002_create_app_tables.ts';
import * as createAggregates from './20261129000003_create_aggregates.ts';
import * as createUserStates from './20261129000004_create_user_states.ts';
import * as dropActivityUserIndex from './20261129000005_drop_activity_user_index.ts';
import * as keyUserStatesByUserId from './20261201000006_key_user_states_by_user_id.ts';
import * as createSlackInstallations from './20261204000007_create_slack_installations.ts';
import * as createChannelClearances from './20261204000008_create_channel_clearances.ts';
import * as createSlackSeenRequests from './20261204000009_create_slack_seen_requests.ts';

/** Every migration, in order. Listed here so they load the same under tsx, vitest and the knex CLI. */
export const MIGRATIONS: readonly [string, Knex.Migration][] = [
  ['20261129000001_create_store.ts', createStore],
  ['20261129000002_create_app_tables.ts', createAppTables],
  ['20261129000003_create_aggregates.ts', createAggregates],
  ['20261129000004_create_user_states.ts', createUserStates],
  ['20261129000005_drop_activity_user_index.ts', dropActivityUserIndex],
  ['20261201000006_key_user_states_by_user_id.ts', keyUserStatesByUserId],
  ['20261204000007_create_slack_installations.ts', createSlackInstallations],
  ['20261204000008_create_channel_clearances.ts', createChannelClearances],
  ['20261204000009_create_slack_seen_requests.ts', createSlackSeenRequests],
];
