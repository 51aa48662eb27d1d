import type { Caller } from '../domain/records.ts';

const DATA_ROLES = ['admin', 'developer', 'operator'];

/** Roles are free text in the import; compared trimmed and case-insensitively. */
export function normalizeRole(role: string): string {
  return role.trim().toLowerCase();
}

/** Whether a member's role may see analytics (admin, developer, operator). */
export function hasDataRole(role: string): boolean {
  return DATA_ROLES.includes(normalizeRole(role));
}

export function canSeeData(caller: Caller): boolean {
  return caller.member === null || hasDataRole(caller.member.role);
}

export function canManageDigests(caller: Caller): boolean {
  return caller.member === null || normalizeRole(caller.member.role) === 'admin';
}

/** Who may clear a channel for analytics (`channel allow`), so that answers there are posted for all to see. */
export function canManageChannels(caller: Caller): boolean {
  return caller.member === null || normalizeRole(caller.member.role) === 'admin';
}

export function describeRole(caller: Caller): string {
  if (caller.member === null) return 'operator console (full access)';
  const role = caller.member.role.trim();
  return role === '' ? 'no role' : `"${role}"`;
}
