import { isDatabaseUnavailable } from '../db/database.ts';
import { WriterLockTimeout } from '../db/with-writer-lock.ts';
import { AccessError, ConfigError, ImportError, InputError } from '../domain/errors.ts';

/** One line for the operator: what went wrong and what to do; never a stack trace. */
export function describeFailure(error: unknown, databaseUrl?: string): string {
  if (
    error instanceof InputError ||
    error instanceof AccessError ||
    error instanceof ConfigError ||
    error instanceof ImportError ||
    error instanceof WriterLockTimeout
  ) {
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isDatabaseUnavailable(error)) {
    return `Cannot reach the database${databaseUrl ? ` at ${databaseUrl}` : ''}: ${firstLine(message)}. Is it running, and is DATABASE_URL right?`;
  }
  if (/no such table|doesn't exist|ER_NO_SUCH_TABLE/i.test(message)) {
    return `The database has no analytics schema yet: run \`miniapp-stats migrate\` (or \`miniapp-stats import <dir>\`, which migrates first).`;
  }
  return `Unexpected error: ${firstLine(message)}`;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  // Knex prefixes errors with the whole SQL statement; keep only the reason after it.
  const reason = line.includes(' - ') && /^(insert|select|update|delete|with)\b/i.test(line) ? line.slice(line.lastIndexOf(' - ') + 3) : line;
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}
