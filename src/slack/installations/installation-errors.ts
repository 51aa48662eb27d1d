import { TOKEN_KEY_VARIABLE, type TokenDecryptReason } from './token-cipher.ts';

/**
 * Why no token can be had for a Slack team: `not_installed` (no installation serves it), `revoked`
 * (uninstalled, or its tokens were revoked), `needs_reinstall` (Slack rejected its refresh token),
 * `tokens_unreadable` (the stored tokens do not open with the configured key), `refresh_failed`
 * (the token is expiring and could not be refreshed now: try again later).
 */
export type InstallationProblem = 'not_installed' | 'revoked' | 'needs_reinstall' | 'tokens_unreadable' | 'refresh_failed';

/** Which installation: a team's own, or an enterprise's org-wide one. */
export interface InstallationRef {
  teamId: string | undefined;
  enterpriseId: string | undefined;
}

/**
 * No usable bot token for a Slack team. `problem` says why; the message is written for the
 * operator's log and names the team or enterprise, never a token.
 */
export class InstallationUnavailableError extends Error {
  override name = 'InstallationUnavailableError';
  /** Slack's word for it when there is one: app_uninstalled, tokens_revoked, invalid_refresh_token, … */
  readonly code: string | null;
  constructor(
    readonly problem: InstallationProblem,
    readonly installation: InstallationRef,
    message: string,
    options?: ErrorOptions & { code?: string | null },
  ) {
    super(message, options);
    this.code = options?.code ?? null;
  }
}

export function describeInstallation(ref: InstallationRef): string {
  if (!ref.teamId) return `the org-wide installation of Enterprise Grid organisation ${ref.enterpriseId ?? '(unknown)'}`;
  return `the installation in Slack workspace ${ref.teamId}${ref.enterpriseId ? ` (organisation ${ref.enterpriseId})` : ''}`;
}

export function notInstalled(ref: InstallationRef): InstallationUnavailableError {
  const where = ref.teamId ? `Slack workspace ${ref.teamId}` : `Enterprise Grid organisation ${ref.enterpriseId ?? '(unknown)'}`;
  return new InstallationUnavailableError('not_installed', ref, `miniapp-stats is not installed in ${where}`);
}

export function revoked(ref: InstallationRef, reason: string | null): InstallationUnavailableError {
  return new InstallationUnavailableError(
    'revoked',
    ref,
    `${describeInstallation(ref)} has no tokens any more (${reason ?? 'revoked'}); the app works there again once it is reinstalled`,
    { code: reason },
  );
}

export function needsReinstall(ref: InstallationRef, reason: string | null): InstallationUnavailableError {
  return new InstallationUnavailableError(
    'needs_reinstall',
    ref,
    `Slack refused to refresh the token of ${describeInstallation(ref)} (${reason ?? 'refresh token rejected'}); the app must be reinstalled there`,
    { code: reason },
  );
}

export function tokensUnreadable(ref: InstallationRef, reason: TokenDecryptReason, cause: unknown): InstallationUnavailableError {
  const why = reason === 'other_key' ? 'they were encrypted under another key' : reason === 'tampered' ? 'the stored values were altered' : 'unknown format';
  return new InstallationUnavailableError(
    'tokens_unreadable',
    ref,
    `the tokens of ${describeInstallation(ref)} cannot be read with the configured ${TOKEN_KEY_VARIABLE} (${why}); ` +
      'start with the key they were stored with, or reinstall the app there',
    { cause },
  );
}

export function refreshFailed(ref: InstallationRef, detail: string, cause?: unknown): InstallationUnavailableError {
  return new InstallationUnavailableError('refresh_failed', ref, `the expiring token of ${describeInstallation(ref)} could not be refreshed: ${detail}`, {
    cause,
  });
}
