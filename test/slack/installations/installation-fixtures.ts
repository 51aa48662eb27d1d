import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Installation } from '@slack/oauth';
import { expect } from 'vitest';
import { InstallationUnavailableError } from '../../../src/slack/installations/installation-errors.ts';
import type { InstallationLogger } from '../../../src/slack/installations/installation-logger.ts';
import type { TestDatabase } from '../../support/test-database.ts';

/** An installation as InstallProvider hands it to the store after a code exchange. */
export function workspaceInstallation(options: {
  teamId: string;
  enterpriseId?: string;
  token: string;
  refreshToken?: string;
  /** Seconds from now. */
  expiresIn?: number;
  botUserId?: string;
  scopes?: string[];
}): Installation<'v2', false> {
  return {
    team: { id: options.teamId, name: `Team ${options.teamId}` },
    enterprise: options.enterpriseId ? { id: options.enterpriseId, name: `Org ${options.enterpriseId}` } : undefined,
    user: { id: 'U0INSTALLR', token: undefined, scopes: undefined },
    bot: {
      token: options.token,
      scopes: options.scopes ?? ['commands', 'chat:write'],
      id: `B${options.teamId.slice(1)}`,
      userId: options.botUserId ?? `U${options.teamId.slice(1)}BOT`,
      ...(options.refreshToken ? { refreshToken: options.refreshToken, expiresAt: Math.floor(Date.now() / 1000) + (options.expiresIn ?? 43_200) } : {}),
    },
    appId: 'A0FAKEAPP1',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

export function orgInstallation(options: { enterpriseId: string; token: string; refreshToken?: string; expiresIn?: number }): Installation<'v2', true> {
  return {
    team: undefined,
    enterprise: { id: options.enterpriseId, name: `Org ${options.enterpriseId}` },
    user: { id: 'U0INSTALLR', token: undefined, scopes: undefined },
    bot: {
      token: options.token,
      scopes: ['commands', 'chat:write'],
      id: 'B0ORGBOT',
      userId: 'U0ORGBOT',
      ...(options.refreshToken ? { refreshToken: options.refreshToken, expiresAt: Math.floor(Date.now() / 1000) + (options.expiresIn ?? 43_200) } : {}),
    },
    appId: 'A0FAKEAPP1',
    enterpriseUrl: `https://${options.enterpriseId.toLowerCase()}.enterprise.slack.com/`,
    tokenType: 'bot',
    isEnterpriseInstall: true,
    authVersion: 'v2',
  };
}

/** A logger that keeps every line (fields and message) as text, to look for secrets in. */
export function recordingLogger(): InstallationLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (fields: object, message: string) => {
    lines.push(
      `${level} ${message} ${JSON.stringify(fields, (_key, value) => (value instanceof Error ? { message: value.message, stack: value.stack } : value))}`,
    );
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** The whole database as text: mariadb-dump for MySQL, the SQLite file (and its WAL) byte for byte plus `.dump`. */
export function dumpDatabase(store: TestDatabase): string {
  if (store.kind === 'mysql') {
    const url = new URL(store.url);
    const args = ['-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username || 'root')];
    if (url.password) args.push(`-p${decodeURIComponent(url.password)}`);
    return execFileSync('mariadb-dump', [...args, '--skip-extended-insert', url.pathname.slice(1)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  }
  const file = store.url.replace(/^sqlite:/, '');
  const raw = [file, `${file}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
  return `${raw}\n${execFileSync('sqlite3', [file, '.dump'], { encoding: 'utf8', maxBuffer: 64 << 20 })}`;
}

/** The InstallationUnavailableError a promise rejects with (and fails the test when it does not). */
export async function problemOf(promise: Promise<unknown>): Promise<InstallationUnavailableError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InstallationUnavailableError);
    return error as InstallationUnavailableError;
  }
  throw new Error('expected an InstallationUnavailableError');
}
