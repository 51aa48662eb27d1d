/**
 * The pages a Slack administrator sees while installing miniapp-stats: the install page with its
 * "Add to Slack" link, the page after a successful installation, and the page of a failed one.
 * Small HTML with its style inline and no external assets; every value put in is escaped.
 */
import { INSTALL_PATH } from './install-paths.ts';

/** A Slack workspace and the tenant workspace that names it in `slack_team_id`, if one does. */
export interface ServedTeam {
  teamId: string;
  teamName: string | null;
  /** The analytics workspace linked to it; null when none names the team. */
  workspaceName: string | null;
}

export interface InstalledPage {
  /** A workspace installation, or an Enterprise Grid organisation's org-wide one. */
  kind: 'workspace' | 'organisation';
  id: string;
  name: string | null;
  appId: string | null;
  /** For a workspace: itself. For an organisation: the workspaces it was given access to, as far as known. */
  teams: ServedTeam[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}',
  'h1{font-size:1.5rem}',
  'code{background:#f4f4f4;padding:0 .25rem;border-radius:3px}',
  '.button{display:inline-block;background:#4a154b;color:#fff;padding:.6rem 1.2rem;border-radius:6px;text-decoration:none;font-weight:600}',
  '.note{color:#616061;font-size:.9rem}',
].join('');

function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** The install page: what the app is, and the link to Slack's consent screen (`authorizeUrl` carries the state). */
export function renderInstallPage(authorizeUrl: string): string {
  return renderPage(
    'Install miniapp-stats',
    `<p>miniapp-stats answers <code>/miniapp-stats</code> with your mini-program analytics (figures, charts and Excel workbooks) and posts scheduled digests into channels. Only members with a data role on the analytics platform see data.</p>
<p><a class="button" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p class="note">Slack shows what the app may do and asks a workspace administrator to allow it. The link is good for 10 minutes and once only; finish in this browser.</p>`,
  );
}

/** The page after Slack sent the installer back and the installation is stored. */
export function renderInstalledPage(installed: InstalledPage): string {
  const named = installed.name ? `${escapeHtml(installed.name)} (<code>${escapeHtml(installed.id)}</code>)` : `<code>${escapeHtml(installed.id)}</code>`;
  const what =
    installed.kind === 'organisation'
      ? `<p>miniapp-stats is installed for the Enterprise Grid organisation ${named}. It serves each workspace of the organisation that it is given access to.</p>`
      : `<p>miniapp-stats is installed in the Slack workspace ${named}.</p>`;
  const linked = installed.teams.filter((team) => team.workspaceName !== null);
  const unlinked = installed.teams.filter((team) => team.workspaceName === null);
  const teamName = (team: ServedTeam) => `${team.teamName ? `${escapeHtml(team.teamName)} ` : ''}(<code>${escapeHtml(team.teamId)}</code>)`;
  const parts = [what];
  if (linked.length > 0) {
    parts.push(
      `<p>It answers for ${linked.map((team) => `<strong>${escapeHtml(team.workspaceName!)}</strong> in ${teamName(team)}`).join(', ')}. Type <code>/miniapp-stats help</code> in any channel to begin; invite the app to a channel (<code>/invite @miniapp-stats</code>) for answers and digests to be posted there.</p>`,
    );
  }
  if (unlinked.length > 0 || (installed.kind === 'workspace' && linked.length === 0)) {
    const teams = unlinked.length > 0 ? unlinked.map(teamName).join(', ') : named;
    parts.push(
      `<p><strong>Next step:</strong> no analytics workspace is linked to ${teams} yet, so commands there answer that it is not linked. Ask the operator of miniapp-stats to set <code>slack_team_id</code> of your analytics workspace to that id in <code>workspaces.csv</code> and import it; then type <code>/miniapp-stats help</code>.</p>`,
    );
  }
  if (installed.kind === 'organisation' && installed.teams.length === 0) {
    parts.push(
      "<p><strong>Next step:</strong> give the app access to your workspaces in the organisation's admin settings, and have the operator of miniapp-stats set <code>slack_team_id</code> of each analytics workspace to its Slack workspace id in <code>workspaces.csv</code>.</p>",
    );
  }
  if (installed.appId && installed.kind === 'workspace') {
    parts.push(
      `<p><a class="button" href="slack://app?team=${encodeURIComponent(installed.id)}&amp;id=${encodeURIComponent(installed.appId)}">Open Slack</a></p>`,
    );
  }
  parts.push('<p class="note">Installing again later replaces the stored credentials; removing the app from Slack deletes them and pauses its digests.</p>');
  return renderPage('miniapp-stats is installed', parts.join('\n'));
}

/** The page of an installation that did not happen: what went wrong, that nothing was stored, and the way to start again. */
export function renderFailurePage(reason: string): string {
  return renderPage(
    'miniapp-stats was not installed',
    `<p>${escapeHtml(reason)}</p>\n<p>Nothing was installed or stored.</p>\n<p><a class="button" href="${INSTALL_PATH}">Start again</a></p>`,
  );
}
