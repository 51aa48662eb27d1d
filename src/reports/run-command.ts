import type { Knex } from 'knex';
import { canManageChannels, canManageDigests, canSeeData, describeRole } from '../access/caller.ts';
import { type AuditOutcome, writeAuditEntry } from '../access/write-audit-entry.ts';
import { AccessError, InputError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import type { Reply } from '../domain/replies.ts';
import { answerStats, resolveStatsRequest } from './answers.ts';
import { parseCommand } from './parse-command.ts';

export interface CommandContext {
  db: Knex;
  caller: Caller;
  now?: Date;
  /** Called when the audit entry could not be written (the answer still goes out). */
  onAuditFailure?: (error: unknown) => void;
}

/**
 * Parse → authorise → resolve → query, for one command text. Input errors and refusals come back
 * as replies; anything else (the database is down) is thrown for the surface to report. Every
 * command and its outcome is written to the audit log.
 */
export async function runCommand(context: CommandContext, text: string): Promise<Reply> {
  const { db, caller } = context;
  let outcome: AuditOutcome = 'error';
  let detail: string | null = null;
  try {
    const reply = await dispatch(context, text);
    outcome = reply.type === 'invalid' ? 'invalid' : reply.type === 'denied' ? 'denied' : 'ok';
    if (reply.type === 'invalid' || reply.type === 'denied') detail = reply.message;
    return reply;
  } catch (error) {
    detail = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    await writeAuditEntry(db, { surface: caller.surface, command: text, outcome, detail, caller }).catch((error) => context.onAuditFailure?.(error));
  }
}

async function dispatch({ db, caller, now = new Date() }: CommandContext, text: string): Promise<Reply> {
  try {
    const command = parseCommand(text);
    switch (command.verb) {
      case 'help':
        return { type: 'help' };
      case 'whoami':
        // Open to everyone identified: the caller's workspace and role as the app sees them.
        return { type: 'whoami', caller, canSeeData: canSeeData(caller), canManageDigests: canManageDigests(caller) };
      case 'digest':
        if (!canManageDigests(caller)) {
          return { type: 'denied', message: `Only workspace admins manage digests; your role in ${caller.workspace.name} is ${describeRole(caller)}.` };
        }
        // Handed to the digest service of the surface (Slack).
        return { type: 'digest', command: command.digest, caller };
      case 'channel':
        if (!canManageChannels(caller)) {
          return {
            type: 'denied',
            message: `Only workspace admins clear channels for analytics; your role in ${caller.workspace.name} is ${describeRole(caller)}.`,
          };
        }
        // Slack channels: handed to the surface (Slack), which keeps them.
        return { type: 'channel', command: command.channel, caller };
      case 'stats': {
        if (!canSeeData(caller)) return { type: 'denied', message: refusalFor(caller) };
        const request = await resolveStatsRequest(db, caller.workspace, command.stats, now);
        // An export is the same answer, delivered with its workbook.
        return { type: 'stats', answer: await answerStats(db, request), export: command.export, private: command.private };
      }
    }
  } catch (error) {
    if (error instanceof InputError) return { type: 'invalid', message: error.message };
    if (error instanceof AccessError) return { type: 'denied', message: error.message };
    throw error;
  }
}

export function refusalFor(caller: Caller): string {
  return `Analytics of ${caller.workspace.name} are for workspace admins, developers and operators; your role is ${describeRole(caller)}. Ask a workspace admin to change it.`;
}
