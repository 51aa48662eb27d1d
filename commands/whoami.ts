import { type Caller, canManageDigests, canSeeData } from '../src/access/caller.ts';
import type { Reply } from './answer.ts';

/** `whoami`: the caller's workspace and role as the app sees them. Open to everyone identified. */
export function answerWhoami(caller: Caller): Reply {
  return { type: 'whoami', caller, canSeeData: canSeeData(caller), canManageDigests: canManageDigests(caller) };
}
