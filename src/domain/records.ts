/** The tenant records every layer passes around, as the app reads them from the store. */

export interface WorkspaceRecord {
  workspaceId: string;
  name: string;
  slackTeamId: string | null;
  timezone: string;
}

export interface AppRecord {
  /** apps.id: the surrogate key every activity row carries. */
  ref: number;
  workspaceId: string;
  appId: string;
  name: string;
}

export interface MemberRecord {
  workspaceId: string;
  email: string;
  slackUserId: string | null;
  role: string;
}

export type Surface = 'console' | 'slack' | 'digest';

/** Who is asking, in which workspace, as the app sees them. */
export interface Caller {
  workspace: WorkspaceRecord;
  /** The member record; null for the operator's own console (no --as), trusted like an admin. */
  member: MemberRecord | null;
  surface: Surface;
  slackTeamId: string | null;
  slackUserId: string | null;
}
