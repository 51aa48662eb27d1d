import { WriterLockTimeout } from '../db/with-writer-lock.ts';
import { AccessError, ConfigError, ImportError, InputError } from '../domain/errors.ts';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'SQLITE_CANTOPEN',
]);

/** Whether an error means the database could not be reached (as opposed to a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && CONNECTION_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Knex: Timeout acquiring a connection|connect ECONNREFUSED|Connection lost|connection is in closed state|database is locked|unable to open database/i.test(
    message,
  );
}

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
