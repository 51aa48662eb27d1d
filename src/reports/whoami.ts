import { canManageDigests, canSeeData } from '../access/caller.ts';
import type { Caller } from '../domain/records.ts';
import type { Reply } from '../domain/replies.ts';

/** `whoami`: the caller's workspace and role as the app sees them. Open to everyone identified. */
export function answerWhoami(caller: Caller): Reply {
  return { type: 'whoami', caller, canSeeData: canSeeData(caller), canManageDigests: canManageDigests(caller) };
}
