import type { Knex } from 'knex';
import { type ConsoleIdentity, resolveConsoleCaller } from '../access/resolve-console-caller.ts';
import type { Reply } from '../domain/replies.ts';
import { renderReplyJson, renderReplyText } from '../reports/render-reply.ts';
import { runCommand } from '../reports/run-command.ts';

export interface QueryOutput {
  /** What goes to standard output. */
  stdout: string;
  /** What goes to standard error (a refusal or an input error). */
  stderr: string;
  exitCode: number;
  reply: Reply | null;
}

/** `miniapp-stats query "<text>" [--json] [--as who] [--workspace id]`: one command, answered as text or JSON. */
export async function runQuery(db: Knex, text: string, options: ConsoleIdentity & { json?: boolean; now?: Date }): Promise<QueryOutput> {
  const caller = await resolveConsoleCaller(db, options);
  const reply = await runCommand({ db, caller, now: options.now }, text);
  if (reply.type === 'invalid' || reply.type === 'denied') return { stdout: '', stderr: reply.message, exitCode: 1, reply };
  if (!options.json) return { stdout: renderReplyText(reply), stderr: '', exitCode: 0, reply };
  return { stdout: JSON.stringify(renderReplyJson(reply), null, 2), stderr: '', exitCode: 0, reply };
}
