/**
 * Where background work (digests; later alerts and the Home tab) gets the SlackClient of a tenant
 * workspace: the token of the installation serving its Slack team (`workspaces.slack_team_id`),
 * its own or its organisation's org-wide one, refreshed first when it expires within 5 minutes.
 * A team without a usable installation gives a typed pause instead of a client, so no call is
 * ever made with a removed token, and never with another team's. With one workspace
 * (SLACK_BOT_TOKEN) every workspace gets the one client, as before.
 */
import type { WorkspaceRecord } from '../domain/records.ts';
import { type InstallationProblem, InstallationUnavailableError } from './installations/installation-errors.ts';
import type { SlackInstallations } from './installations/slack-installations.ts';
import { SlackClient } from './slack-client.ts';

/** Why a workspace's background work waits: no Slack team named, or no usable installation for it. */
export type SlackPauseReason = 'no_slack_team' | Exclude<InstallationProblem, 'refresh_failed'>;

export interface SlackPause {
  reason: SlackPauseReason;
  /** Slack's word for it when there is one (app_uninstalled, tokens_revoked, invalid_refresh_token). */
  code: string | null;
  teamId: string | null;
  /** What happened and what brings the work back, for `digest list` and the log; names no token. */
  message: string;
}

/** A client to call Slack with for one workspace, or why there is none now. */
export type WorkspaceSlack = { slack: SlackClient; teamId: string | null; paused?: undefined } | { paused: SlackPause };

export interface SlackClients {
  /**
   * The client of a tenant workspace's Slack team, or its pause. A passing failure (the token is
   * expiring and cannot be refreshed right now, the database is down) rejects: retry later.
   */
  forWorkspace(workspace: Pick<WorkspaceRecord, 'workspaceId' | 'slackTeamId'>): Promise<WorkspaceSlack>;
  forTeam(teamId: string): Promise<WorkspaceSlack>;
}

/** One Slack workspace, one token: every workspace is served by `slack`. */
export function createSingleWorkspaceClients(slack: SlackClient): SlackClients {
  return {
    forWorkspace: async (workspace) => ({ slack, teamId: workspace.slackTeamId }),
    forTeam: async (teamId) => ({ slack, teamId }),
  };
}

/** Many Slack workspaces: each team's calls with the token of the installation serving it. */
export function createInstalledClients(installations: SlackInstallations, options: { slackApiUrl?: string | undefined } = {}): SlackClients {
  const forTeam = async (teamId: string): Promise<WorkspaceSlack> => {
    try {
      const authorization = await installations.tokenForTeam(teamId);
      const slack = SlackClient.forBackground(authorization.botToken, {
        slackApiUrl: options.slackApiUrl,
        teamId: authorization.isEnterpriseInstall ? teamId : undefined,
      });
      return { slack, teamId };
    } catch (error) {
      if (error instanceof InstallationUnavailableError && error.problem !== 'refresh_failed') {
        return { paused: describePause(error.problem, error.code, teamId) };
      }
      throw error;
    }
  };
  return {
    forTeam,
    async forWorkspace(workspace) {
      if (!workspace.slackTeamId) return { paused: describePause('no_slack_team', null, null, workspace.workspaceId) };
      return forTeam(workspace.slackTeamId);
    },
  };
}

function describePause(reason: SlackPauseReason, code: string | null, teamId: string | null, workspaceId?: string): SlackPause {
  const team = `Slack workspace ${teamId}`;
  const because = code ? ` (${code})` : '';
  const message = {
    no_slack_team: `workspace ${workspaceId} names no Slack workspace (slack_team_id in workspaces.csv)`,
    not_installed: `miniapp-stats is not installed in ${team}; it runs once the app is installed there`,
    revoked: `miniapp-stats was uninstalled from ${team} or its tokens were revoked${because}; it runs again once the app is reinstalled`,
    needs_reinstall: `Slack refused to renew the token of miniapp-stats in ${team}${because}; it runs again once the app is reinstalled`,
    tokens_unreadable: `the stored Slack token of ${team} cannot be read with the configured MINIAPP_STATS_TOKEN_KEY; it runs again once the operator restores the key or the app is reinstalled`,
  }[reason];
  return { reason, code, teamId, message };
}
