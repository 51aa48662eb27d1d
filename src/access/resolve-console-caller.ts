import type { Knex } from 'knex';
import { AccessError } from '../domain/errors.ts';
import type { Caller } from '../domain/records.ts';
import { readWorkspace, readWorkspaces } from '../stats/read-workspace.ts';
import { readMembers } from './read-members.ts';

export interface ConsoleIdentity {
  /** `--as`: a member's e-mail or Slack user id; absent = the operator's own console. */
  as?: string;
  /** `--workspace`: required when the store holds several workspaces and `--as` doesn't settle it. */
  workspaceId?: string;
}

/** The caller of a console command: the operator, or the member named by `--as`, under the same rules as Slack. */
export async function resolveConsoleCaller(db: Knex, identity: ConsoleIdentity): Promise<Caller> {
  const base = { surface: 'console' as const, slackTeamId: null, slackUserId: null };
  if (identity.workspaceId !== undefined) {
    const workspace = await readWorkspace(db, identity.workspaceId);
    if (!workspace) {
      const known = (await readWorkspaces(db)).map((w) => w.workspaceId);
      throw new AccessError(
        `No workspace "${identity.workspaceId}" in the store.${known.length ? ` Workspaces: ${known.join(', ')}.` : ' Import workspaces.csv first.'}`,
      );
    }
  }
  if (identity.as === undefined) {
    const workspaces = await readWorkspaces(db);
    const workspace = identity.workspaceId
      ? workspaces.find((w) => w.workspaceId === identity.workspaceId)
      : workspaces.length === 1
        ? workspaces[0]
        : undefined;
    if (!workspace) {
      throw new AccessError(
        workspaces.length === 0
          ? 'The store has no workspaces yet: run `miniapp-stats import <dir>` first (or `miniapp-stats demo`).'
          : `The store holds several workspaces (${workspaces.map((w) => w.workspaceId).join(', ')}): choose one with --workspace <id>.`,
      );
    }
    return { ...base, workspace, member: null };
  }
  const who = identity.as.trim();
  const members = await readMembers(db, { ...(who.includes('@') ? { email: who } : { slackUserId: who }), workspaceId: identity.workspaceId });
  if (members.length === 0) {
    throw new AccessError(`No member ${who}${identity.workspaceId ? ` in workspace ${identity.workspaceId}` : ''}: only workspace members can see analytics.`);
  }
  if (members.length > 1) {
    throw new AccessError(`${who} is a member of several workspaces (${members.map((m) => m.workspaceId).join(', ')}): choose one with --workspace <id>.`);
  }
  const member = members[0]!;
  const workspace = (await readWorkspace(db, member.workspaceId))!;
  return { ...base, workspace, member };
}
