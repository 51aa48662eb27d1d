import type { LoggerInterface } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { BreakdownCardName, VisitorMetric } from '../../src/domain/types.ts';
import { buildAppTrendSpec } from '../../src/reports/app.ts';
import { buildAppsTrendsSpec } from '../../src/reports/apps.ts';
import { buildBreakdownSpec } from '../../src/reports/breakdown.ts';
import { buildMerchantsSpec } from '../../src/reports/merchants.ts';
import { sampleAppData, sampleAppsData, sampleBreakdownData, sampleMerchantsData } from './chart-fixtures.ts';

const METRICS: VisitorMetric[] = ['uv', 'pv', 'newVisitors', 'lifetimeVisitors'];
const CARDS: BreakdownCardName[] = ['miniProgramsBySource', 'usersBySource', 'miniProgramsByCategory', 'usersByCategory'];

const specs: [string, TopLevelSpec][] = [
  ...METRICS.flatMap((metric): [string, TopLevelSpec][] => [
    [`app trend ${metric} 7d`, buildAppTrendSpec(sampleAppData(), metric)],
    [`app trend ${metric} 30d`, buildAppTrendSpec(sampleAppData({ days: 30, category: '美食与饮料' }), metric)],
  ]),
  ['app trend, no days', buildAppTrendSpec({ ...sampleAppData(), daily: [] }, 'uv')],
  ['merchants 7d', buildMerchantsSpec(sampleMerchantsData(7))],
  ['merchants 30d', buildMerchantsSpec(sampleMerchantsData(30))],
  ['apps 1', buildAppsTrendsSpec(sampleAppsData({ apps: 1 }))],
  ['apps 14 x 30d', buildAppsTrendsSpec(sampleAppsData({ apps: 14, days: 30 }))],
  ...CARDS.map((card): [string, TopLevelSpec] => [`breakdown ${card}`, buildBreakdownSpec(sampleBreakdownData(), card)]),
];

function collectingLogger(messages: string[]): LoggerInterface {
  const logger: LoggerInterface = {
    level: (() => logger) as LoggerInterface['level'],
    error: (...args: readonly unknown[]) => {
      messages.push(`error: ${args.join(' ')}`);
      return logger;
    },
    warn: (...args: readonly unknown[]) => {
      messages.push(`warn: ${args.join(' ')}`);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

describe('chart specs', () => {
  it.each(specs)('%s compiles to Vega without warnings', (_, spec) => {
    const messages: string[] = [];
    const { spec: vega } = compile(spec, { logger: collectingLogger(messages) });
    expect(messages).toEqual([]);
    expect(vega.marks?.length).toBeGreaterThan(0);
  });

  it('are plain JSON: no functions, no dates, nothing lost in a round trip', () => {
    for (const [, spec] of specs) expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
