import type { Knex } from 'knex';
import { readEnvOptions } from './src/config/read-env-options.ts';
import { buildKnexConfig } from './src/db/database.ts';

/** For the knex CLI; the app itself opens the database through `openDatabase`. Reads DATABASE_URL. */
const config: Knex.Config = buildKnexConfig(readEnvOptions().databaseUrl);

export default config;
