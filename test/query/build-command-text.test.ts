import { describe, expect, it } from 'vitest';
import type { StatsRequest } from '../../src/domain/requests.ts';
import { buildCommandText } from '../../src/query/build-command-text.ts';
import { parseCommand } from '../../src/query/parse-command.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { WORKSPACE } from '../render/answer-fixtures.ts';

const app = (appId: string) => ({ ref: 1, workspaceId: 'acme', appId, name: 'App' });

describe('buildCommandText', () => {
  it.each(['wallet', 'Super App', '7d', 'today', '2026-01-01', 'a"b', "Bob's", '42'])('reads back app id %j and awkward categories', (appId) => {
    for (const category of [null, 'Games', 'Food & "Fun"', "Kid's corner", '😀 Fun', 'sort:users']) {
      const request: StatsRequest = { kind: 'app', workspace: WORKSPACE, period: resolvePeriod(30, '2026-03-31'), app: app(appId), category, metric: 'pv' };
      const parsed = parseCommand(buildCommandText(request));
      expect(parsed).toMatchObject({
        verb: 'stats',
        export: false,
        stats: { kind: 'app', words: [appId], category, period: 30, date: { kind: 'day', day: '2026-03-31' }, metric: 'pv' },
      });
    }
  });
  it('writes exports and undated digest content', () => {
    const apps: StatsRequest = { kind: 'apps', workspace: WORKSPACE, period: resolvePeriod(7, '2026-03-31'), sort: 'miniPrograms' };
    expect(buildCommandText(apps, { export: true })).toBe('export apps 7d 2026-03-31 sort:miniprograms');
    const detail: StatsRequest = {
      kind: 'app',
      workspace: WORKSPACE,
      period: resolvePeriod(1, '2026-03-31'),
      app: app('wallet'),
      category: 'Games',
      metric: 'uv',
    };
    expect(buildCommandText(detail, { undated: true })).toBe('app wallet category:"Games" 1d');
    expect(buildCommandText({ ...apps, sort: 'users' }, { undated: true })).toBe('apps 7d');
  });
});
