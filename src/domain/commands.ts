import type { ReportKind } from './reports.ts';
import type { AppsSort, Day, PeriodDays, VisitorMetric } from './types.ts';

export type DateWord = { kind: 'day'; day: Day } | { kind: 'today' } | { kind: 'yesterday' };

/** A statistics command as typed: names are not yet looked up, dates not yet resolved. */
export interface StatsCommand {
  kind: ReportKind;
  period: PeriodDays | null;
  date: DateWord | null;
  sort: AppsSort | null;
  /** For a report of one app: the words naming the app, then possibly a category. */
  words: string[];
  category: string | null;
  /** The metric the trend chart shows. */
  metric: VisitorMetric | null;
}

export interface ChannelRef {
  id: string | null;
  name: string | null;
}

export type DigestCommand =
  | { action: 'list' }
  | { action: 'remove' | 'preview'; id: number }
  | {
      action: 'add';
      channel: ChannelRef;
      cadence: 'daily' | 'weekly';
      /** 1 = Monday … 7 = Sunday; weekly only. */
      weekday: number | null;
      time: string;
      content: StatsCommand;
    };

/** The channels an admin has cleared for analytics: answers there are posted for everyone to see. */
export type ChannelCommand = { action: 'list' } | { action: 'allow' | 'revoke'; channel: ChannelRef & { id: string } };

export type ParsedCommand =
  | { verb: 'help' }
  | { verb: 'whoami' }
  /** `private`: the word was typed, so the answer is shown to the caller alone wherever it is asked. */
  | { verb: 'stats'; stats: StatsCommand; export: boolean; private: boolean }
  | { verb: 'digest'; digest: DigestCommand }
  | { verb: 'channel'; channel: ChannelCommand };
