import type { Caller } from '../src/access/caller.ts';
import type { DigestCommand } from '../src/query/command-types.ts';
import type { Reply } from './answer.ts';

/** `digest add|list|remove|preview`: handed to the digest service of the surface (Slack). */
export function answerDigest(command: DigestCommand, caller: Caller): Reply {
  return { type: 'digest', command, caller };
}
