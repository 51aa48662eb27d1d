import type { Knex } from 'knex';
import type { Caller, Surface } from '../domain/records.ts';

/** `busy`: not started, because the member already had as many requests running or waiting as one may. */
export type AuditOutcome = 'ok' | 'invalid' | 'denied' | 'error' | 'busy';

export interface AuditEntry {
  surface: Surface;
  command: string;
  outcome: AuditOutcome;
  detail?: string | null;
  caller?: Caller | null;
  workspaceId?: string | null;
  slackTeamId?: string | null;
  slackUserId?: string | null;
}

const clip = (text: string | null | undefined, max: number) => (text == null ? null : [...text].slice(0, max).join(''));

/** Records a command and its outcome; the audit log is append-only. */
export async function writeAuditEntry(db: Knex, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await db('audit_log').insert({
    occurred_at_ms: now.getTime(),
    surface: entry.surface,
    workspace_id: entry.caller?.workspace.workspaceId ?? entry.workspaceId ?? null,
    slack_team_id: entry.caller?.slackTeamId ?? entry.slackTeamId ?? null,
    slack_user_id: entry.caller?.slackUserId ?? entry.slackUserId ?? null,
    member_email: entry.caller?.member?.email ?? null,
    command: clip(entry.command, 2000) ?? '',
    outcome: entry.outcome,
    detail: clip(entry.detail, 1000),
  });
}
