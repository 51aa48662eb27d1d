import type { DigestCommand } from '../domain/commands.ts';
import type { Caller } from '../domain/records.ts';
import type { Reply } from '../domain/replies.ts';

/** `digest add|list|remove|preview`: handed to the digest service of the surface (Slack). */
export function answerDigest(command: DigestCommand, caller: Caller): Reply {
  return { type: 'digest', command, caller };
}
