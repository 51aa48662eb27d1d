import { afterAll, describe, expect, it } from 'vitest';
import { renderPng } from '../../../src/render/png/render-png.ts';
import { renderPngOffThread, stopPngThread } from '../../../src/render/png/render-png-off-thread.ts';
import { buildAppTrendSpec } from '../../../src/reports/app.ts';
import { buildBreakdownSpec } from '../../../src/reports/breakdown.ts';
import { sampleAppData, sampleBreakdownData } from '../../charts/chart-fixtures.ts';

afterAll(() => stopPngThread());

describe('renderPngOffThread', () => {
  it('draws the same pixels as renderPng, for charts sent at once', async () => {
    const specs = [buildAppTrendSpec(sampleAppData(), 'uv'), buildBreakdownSpec(sampleBreakdownData(), 'usersByCategory')];
    const [offThread, here] = await Promise.all([Promise.all(specs.map(renderPngOffThread)), Promise.all(specs.map(renderPng))]);
    expect(offThread.map((png) => png.subarray(1, 4).toString('latin1'))).toEqual(['PNG', 'PNG']);
    expect(offThread.map((png, i) => png.equals(here[i]!))).toEqual([true, true]);
  });

  it('fails a spec it cannot draw with a message, and goes on drawing', async () => {
    await expect(renderPngOffThread({ mark: 'nonsense' } as never)).rejects.toThrow(/^chart rendering failed: ./);
    const spec = buildAppTrendSpec(sampleAppData(), 'pv');
    expect((await renderPngOffThread(spec)).equals(await renderPng(spec))).toBe(true);
  });

  it('starts a new thread after the last one stopped, failing the charts it held', async () => {
    const spec = buildAppTrendSpec(sampleAppData(), 'uv');
    const held = renderPngOffThread(spec);
    await stopPngThread();
    await expect(held).rejects.toThrow(/chart rendering stopped/);
    expect((await renderPngOffThread(spec)).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
