import { describe, expect, it } from 'vitest';
import { buildMerchantsSpec } from '../../src/charts/build-merchants-spec.ts';
import { sampleMerchantsData } from './chart-fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON copy of a spec, read by path in assertions
function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

describe('buildMerchantsSpec', () => {
  it('matches the snapshot', () => {
    expect(buildMerchantsSpec(sampleMerchantsData(7))).toMatchSnapshot();
  });

  it('has a daily panel and a running-total panel sharing one legend', () => {
    const data = sampleMerchantsData(7);
    const spec = plain(buildMerchantsSpec(data));
    expect(spec.vconcat).toHaveLength(2);
    const [daily, total] = spec.vconcat;
    expect(daily.mark.type).toBe('bar');
    expect(daily.encoding.y.field).toBe('added');
    expect(total.mark.type).toBe('line');
    expect(total.encoding.y.field).toBe('cumulative');
    expect(spec.resolve.scale.color).toBe('shared');
    expect(daily.encoding.color.scale.domain).toEqual(['Technical', 'Non-technical']);
    expect(total.encoding.color.scale).toEqual(daily.encoding.color.scale);
  });

  it('turns each day into one row per merchant kind', () => {
    const data = sampleMerchantsData(7);
    const spec = plain(buildMerchantsSpec(data));
    expect(spec.data.values).toHaveLength(14);
    const first = data.daily[0]!;
    expect(spec.data.values.slice(0, 2)).toEqual([
      { day: first.day, kind: 'Technical', order: 0, added: first.newTechnical, cumulative: first.cumulativeTechnical },
      {
        day: first.day,
        kind: 'Non-technical',
        order: 1,
        added: first.newNonTechnical,
        cumulative: first.cumulativeNonTechnical,
      },
    ]);
    expect(spec.title.subtitle).toBe('57 new in Nov 3 – Nov 9, 2025 (previous period 49) · 1,284 in total');
  });

  it('keeps an all-zero panel at 0 to 1', () => {
    const data = sampleMerchantsData(7);
    const zeros = {
      ...data,
      daily: data.daily.map((day) => ({ ...day, newTechnical: 0, newNonTechnical: 0, cumulativeTechnical: 0, cumulativeNonTechnical: 0 })),
    };
    for (const panel of plain(buildMerchantsSpec(zeros)).vconcat) expect(panel.encoding.y.scale).toEqual({ domain: [0, 1] });
    for (const panel of plain(buildMerchantsSpec(data)).vconcat) expect(panel.encoding.y.scale).toBeUndefined();
  });

  it('draws "No data" when there are no days', () => {
    const spec = plain(buildMerchantsSpec({ ...sampleMerchantsData(7), daily: [] }));
    expect(spec.data.values).toEqual([{ message: 'No data' }]);
  });
});
