import type { DigestCommand } from './commands.ts';
import type { Caller } from './records.ts';
import type { StatsRequest } from './requests.ts';
import type { AppData, AppsData, BreakdownData, MerchantsData, OverviewData } from './types.ts';

/** The data behind a statistics answer, with the request it answers. */
export type StatsAnswer =
  | { kind: 'overview'; request: Extract<StatsRequest, { kind: 'overview' }>; data: OverviewData }
  | { kind: 'merchants'; request: Extract<StatsRequest, { kind: 'merchants' }>; data: MerchantsData }
  | { kind: 'apps'; request: Extract<StatsRequest, { kind: 'apps' }>; data: AppsData }
  | { kind: 'app'; request: Extract<StatsRequest, { kind: 'app' }>; data: AppData }
  | { kind: 'breakdown'; request: Extract<StatsRequest, { kind: 'breakdown' }>; data: BreakdownData };

/** What a command comes to, before it is rendered for the console, `--json` or Slack. */
export type Reply =
  | { type: 'stats'; answer: StatsAnswer; export: boolean }
  | { type: 'help' }
  | { type: 'whoami'; caller: Caller; canSeeData: boolean; canManageDigests: boolean }
  | { type: 'digest'; command: DigestCommand; caller: Caller }
  /** The command was not understood or names something that isn't there; the message says what would work. */
  | { type: 'invalid'; message: string }
  /** The caller may not see this; the message says why. */
  | { type: 'denied'; message: string };
