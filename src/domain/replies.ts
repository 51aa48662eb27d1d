import type { ChannelCommand, DigestCommand } from './commands.ts';
import type { Caller } from './records.ts';
import type { StatsAnswer } from './reports.ts';

/** What a command comes to, before it is rendered for the console, `--json` or Slack. */
export type Reply =
  /** `private`: asked with the word, so shown to the caller alone. */
  | { type: 'stats'; answer: StatsAnswer; export: boolean; private: boolean }
  | { type: 'help' }
  | { type: 'whoami'; caller: Caller; canSeeData: boolean; canManageDigests: boolean }
  | { type: 'digest'; command: DigestCommand; caller: Caller }
  | { type: 'channel'; command: ChannelCommand; caller: Caller }
  /** The command was not understood or names something that isn't there; the message says what would work. */
  | { type: 'invalid'; message: string }
  /** The caller may not see this; the message says why. */
  | { type: 'denied'; message: string };
