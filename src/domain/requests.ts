import type { AppRecord, WorkspaceRecord } from './records.ts';
import type { AppsSort, Period, VisitorMetric } from './types.ts';

interface RequestBase {
  workspace: WorkspaceRecord;
  period: Period;
}

/**
 * A statistics question with every name looked up and every date resolved: the one request type
 * the console, `--json`, Slack answers, buttons and digests all work from.
 */
export type StatsRequest =
  | (RequestBase & { kind: 'overview' })
  | (RequestBase & { kind: 'merchants' })
  | (RequestBase & { kind: 'apps'; sort: AppsSort })
  | (RequestBase & { kind: 'app'; app: AppRecord; category: string | null; metric: VisitorMetric })
  | (RequestBase & { kind: 'breakdown'; app: AppRecord; category: string | null });
