import type { Knex } from 'knex';
import type { SlackInstallationRow } from '../../db/tables.ts';
import { type InstallationRef, needsReinstall, revoked, tokensUnreadable } from './installation-errors.ts';
import { type TokenCipher, TokenDecryptError } from './token-cipher.ts';

export const INSTALLATIONS_TABLE = 'slack_installations';
export const TEAM_ENTERPRISES_TABLE = 'slack_team_enterprises';

export type InstallationStatus = 'active' | 'revoked' | 'needs_reinstall';

/** One row of `slack_installations`, as read (its flag as a boolean, its status one of three). */
export type InstallationRow = Omit<SlackInstallationRow, 'is_enterprise_install' | 'status'> & { is_enterprise_install: boolean; status: InstallationStatus };

/** The key of an installation: (enterprise id or '', team id or ''). */
export interface InstallationKey {
  enterprise_id: string;
  team_id: string;
}

function normalize(raw: SlackInstallationRow): InstallationRow {
  return { ...raw, is_enterprise_install: Boolean(Number(raw.is_enterprise_install)), status: raw.status as InstallationStatus };
}

/**
 * The columns of an installation whose tokens are gone (revoked, or refused by Slack): no sealed
 * value left, a new token version (so no refresh in flight stores over it), no claim.
 */
export function withoutTokens(db: Knex, status: Exclude<InstallationStatus, 'active'>, reason: string, nowMs: number) {
  return {
    status,
    status_reason: reason.slice(0, 64),
    bot_token_sealed: null,
    bot_refresh_token_sealed: null,
    bot_token_expires_at_ms: null,
    token_version: db.raw('?? + 1', ['token_version']),
    refresh_claimed_by: null,
    refresh_lease_until_ms: null,
    updated_at_ms: nowMs,
    revoked_at_ms: nowMs,
  };
}

export function refOf(key: InstallationKey): InstallationRef {
  return { teamId: key.team_id || undefined, enterpriseId: key.enterprise_id || undefined };
}

/** What a sealed token is bound to: its installation and its column, so it opens nowhere else. */
export function tokenContext(key: InstallationKey, column: 'bot_token' | 'bot_refresh_token'): string {
  return `slack_installations/${key.enterprise_id}/${key.team_id}/${column}`;
}

export async function readInstallationRow(db: Knex, id: number): Promise<InstallationRow | undefined> {
  const raw = await db(INSTALLATIONS_TABLE).where({ id }).first();
  return raw ? normalize(raw) : undefined;
}

export async function readInstallationByKey(db: Knex, key: InstallationKey): Promise<InstallationRow | undefined> {
  const raw = await db(INSTALLATIONS_TABLE).where(key).first();
  return raw ? normalize(raw) : undefined;
}

export async function listInstallationRows(db: Knex): Promise<InstallationRow[]> {
  return (await db(INSTALLATIONS_TABLE).orderBy('id')).map(normalize);
}

/** A workspace's own installation (team ids are unique across Slack): the active one, else the latest. */
async function findTeamRow(db: Knex, teamId: string): Promise<InstallationRow | undefined> {
  const rows = (await db(INSTALLATIONS_TABLE).where({ team_id: teamId })).map(normalize);
  return rows.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || b.updated_at_ms - a.updated_at_ms)[0];
}

/** The organisation a workspace belongs to, as last seen (an installation in it, or a request from it). */
export async function readTeamEnterprise(db: Knex, teamId: string): Promise<string | undefined> {
  const row = await db(TEAM_ENTERPRISES_TABLE).where({ team_id: teamId }).first('enterprise_id');
  return (row?.enterprise_id as string | undefined) || undefined;
}

export async function rememberTeamEnterprise(db: Knex, teamId: string, enterpriseId: string, nowMs: number): Promise<void> {
  if (!teamId || !enterpriseId) return;
  await db(TEAM_ENTERPRISES_TABLE)
    .insert({ team_id: teamId, enterprise_id: enterpriseId, seen_at_ms: nowMs })
    .onConflict('team_id')
    .merge(['enterprise_id', 'seen_at_ms']);
}

/**
 * The installation that serves a Slack workspace: its own installation when active, else the
 * active org-wide installation of its organisation (given, or as last seen), else whichever of
 * the two exists (revoked or needing a reinstall, so the caller can say so). Never another
 * workspace's installation.
 */
export async function findServingInstallation(db: Knex, teamId: string, enterpriseId?: string): Promise<InstallationRow | undefined> {
  const own = await findTeamRow(db, teamId);
  if (own?.status === 'active') return own;
  const enterprise = enterpriseId || own?.enterprise_id || (await readTeamEnterprise(db, teamId));
  const org = enterprise ? await readInstallationByKey(db, { enterprise_id: enterprise, team_id: '' }) : undefined;
  if (org?.status === 'active') return org;
  return own ?? org;
}

/**
 * The bot token of an installation row, decrypted; an InstallationUnavailableError when the
 * installation is revoked or needs a reinstall, or when its tokens do not open with the key.
 */
export function openBotToken(row: InstallationRow, cipher: TokenCipher): string {
  const ref = refOf(row);
  if (row.status === 'needs_reinstall') throw needsReinstall(ref, row.status_reason);
  if (row.status !== 'active' || row.bot_token_sealed === null) throw revoked(ref, row.status_reason);
  return openSealed(row, 'bot_token', row.bot_token_sealed, cipher);
}

export function openRefreshToken(row: InstallationRow, cipher: TokenCipher): string | undefined {
  return row.bot_refresh_token_sealed === null ? undefined : openSealed(row, 'bot_refresh_token', row.bot_refresh_token_sealed, cipher);
}

function openSealed(row: InstallationRow, column: 'bot_token' | 'bot_refresh_token', sealed: string, cipher: TokenCipher): string {
  try {
    return cipher.decrypt(sealed, tokenContext(row, column));
  } catch (error) {
    if (error instanceof TokenDecryptError) throw tokensUnreadable(refOf(row), error.reason, error);
    throw error;
  }
}
