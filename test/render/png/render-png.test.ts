// First: sets FONTCONFIG_FILE before anything loads sharp (chart-inspection imports sharp lazily).

import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CHART_FONT } from '../../../src/charts/chart-theme.ts';
import { buildChartView } from '../../../src/render/png/build-chart-view.ts';
import { FONTCONFIG_FILE } from '../../../src/render/png/configure-fontconfig.ts';
import { PNG_SCALE, renderPng } from '../../../src/render/png/render-png.ts';
import { renderSvg } from '../../../src/render/png/render-svg.ts';
import { SHIPPED_FONTS } from '../../../src/render/png/shipped-fonts.ts';
import { findMissingGlyphs, measureTextWidth } from '../../../src/render/png/text-metrics.ts';
import { buildAppTrendSpec } from '../../../src/reports/app.ts';
import { buildAppsTrendsSpec } from '../../../src/reports/apps.ts';
import { buildBreakdownSpec } from '../../../src/reports/breakdown.ts';
import { buildMerchantsSpec } from '../../../src/reports/merchants.ts';
import { sampleAppData, sampleAppsData, sampleBreakdownData, sampleMerchantsData } from '../../charts/chart-fixtures.ts';
import { decodePng, inkBox, inkOnBorder, listTexts, svgSize } from './chart-inspection.ts';

const LABELS = {
  latin: 'Wallet Merchant Onboarding',
  chinese: '美食与饮料',
  japanese: 'ゲームとエンタメ',
};
/** Hangul: in none of the shipped fonts, so drawn as pango's hex boxes ("tofu"). */
const MISSING = '한국어한국어한국어';

/** One line of text, 40 px, black on white, starting at the left edge of the view. */
function textSpec(text: string): TopLevelSpec {
  return {
    width: 10,
    height: 10,
    config: { view: { stroke: null }, background: '#ffffff', font: CHART_FONT },
    data: { values: [{ text }] },
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 40, x: 0, y: 5, color: '#000000' },
    encoding: { text: { field: 'text', type: 'nominal' } },
  };
}

async function renderedInkWidth(text: string): Promise<number> {
  const box = inkBox(await decodePng(await renderPng(textSpec(text))));
  if (box === null) throw new Error(`nothing drawn for ${text}`);
  return (box.x2 - box.x1 + 1) / PNG_SCALE;
}

const CHARTS: Record<string, TopLevelSpec> = {
  'app trend, long Latin name and category': buildAppTrendSpec(
    sampleAppData({
      name: 'Merchant Onboarding Assistant for Small and Medium Enterprises in Southeast Asia',
      category: 'Financial Services and Insurance for Families',
    }),
    'lifetimeVisitors',
  ),
  'app trend, Japanese name, Chinese category': buildAppTrendSpec(sampleAppData({ name: 'ゲームとエンタメ', category: '美食与饮料', days: 30 }), 'uv'),
  merchants: buildMerchantsSpec(sampleMerchantsData(30)),
  'apps small multiples': buildAppsTrendsSpec(sampleAppsData({ apps: 14 })),
  'breakdown with long and CJK rows': buildBreakdownSpec(sampleBreakdownData(), 'miniProgramsByCategory'),
  'empty breakdown': buildBreakdownSpec(sampleBreakdownData(), 'usersByCategory'),
};

describe('fonts', () => {
  it('points fontconfig at the shipped regular fonts only, from a file outside the repository', () => {
    expect(process.env.FONTCONFIG_FILE).toBe(FONTCONFIG_FILE);
    expect(FONTCONFIG_FILE.startsWith(tmpdir())).toBe(true);
    const xml = readFileSync(FONTCONFIG_FILE, 'utf8');
    const dirs = [...xml.matchAll(/<dir>([^<]*)<\/dir>/g)].map((match) => match[1]);
    expect(dirs).toEqual([...new Set(SHIPPED_FONTS.map((font) => font.dir))]);
    expect(xml).not.toContain('/usr/share/fonts');
    for (const font of SHIPPED_FONTS) {
      expect(existsSync(font.path)).toBe(true);
      expect(xml).toContain(`<glob>${font.path}</glob>`);
    }
  });

  it('names in the chart theme exactly the shipped font families', () => {
    expect(CHART_FONT.split(',').map((name) => name.trim())).toEqual(SHIPPED_FONTS.map((font) => font.family));
  });

  it('has a glyph for every character of Latin, Chinese and Japanese labels, and none for Hangul', () => {
    for (const label of [...Object.values(LABELS), 'Ωμέγα Привет ₩€ — 駅前の楽しい店・々']) {
      expect(findMissingGlyphs(label)).toEqual([]);
    }
    expect(findMissingGlyphs(MISSING)).toEqual([...MISSING]);
  });

  it('writes the shipped font families into the SVG', async () => {
    const svg = await renderSvg(CHARTS['breakdown with long and CJK rows']!);
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((match) => match[1]));
    expect([...families]).toEqual([CHART_FONT]);
  });
});

describe('renderPng', () => {
  it('renders a 2x PNG', async () => {
    const spec = CHARTS['empty breakdown']!;
    const png = await renderPng(spec);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const pixels = await decodePng(png);
    const size = svgSize(await renderSvg(spec));
    expect(pixels.width).toBe(size.width * PNG_SCALE);
    expect(pixels.height).toBe(size.height * PNG_SCALE);
  });

  it('makes every PNG opaque, white where the spec leaves the background transparent', async () => {
    for (const background of ['#ffffff', 'transparent', '#fef3c7']) {
      const spec = textSpec('x');
      const pixels = await decodePng(await renderPng({ ...spec, config: { ...spec.config, background } }));
      expect(pixels.channels).toBe(3);
      const corner = [...pixels.data.subarray(0, 3)];
      expect(corner).toEqual(background === '#fef3c7' ? [0xfe, 0xf3, 0xc7] : [255, 255, 255]);
    }
  });

  // A label drawn in the right font takes the width fontkit measures for it; one drawn as boxes
  // (a font missing) does not: 0.8 em a box against 1 em a CJK character, and far more than Latin letters.
  it.each(Object.entries(LABELS))('draws %s text with real glyphs, as wide as measured', async (_, label) => {
    const measured = measureTextWidth(label, 40);
    const drawn = await renderedInkWidth(label);
    // Ink is a little narrower than the advance width: the first and last glyphs' side bearings.
    expect(drawn).toBeGreaterThan(measured * 0.95);
    expect(drawn).toBeLessThanOrEqual(measured + 1);
    // And not what boxes for as many characters look like.
    const tofu = await renderedInkWidth(MISSING.slice(0, [...label].length));
    expect(Math.abs(drawn - tofu) / drawn).toBeGreaterThan(0.1);
  });

  it('tells a label drawn as boxes from one drawn in its font (the check above can fail)', async () => {
    const tofu = await renderedInkWidth(MISSING.slice(0, 5));
    // Were 美食与饮料 drawn as boxes it would be this wide, not 5 em.
    expect(Math.abs(tofu - measureTextWidth(LABELS.chinese, 40)) / tofu).toBeGreaterThan(0.1);
  });

  it.each(Object.keys(CHARTS))('lays out every text of the %s chart inside the image', async (name) => {
    const view = await buildChartView(CHARTS[name]!);
    try {
      const { width, height } = svgSize(await view.toSVG());
      const texts = listTexts(view);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text.font).toBe(CHART_FONT);
        expect(text.x1, text.text).toBeGreaterThanOrEqual(0);
        expect(text.y1, text.text).toBeGreaterThanOrEqual(0);
        expect(text.x2, text.text).toBeLessThanOrEqual(width);
        expect(text.y2, text.text).toBeLessThanOrEqual(height);
        // Laid out with the shipped fonts' widths (capped at the label's limit, if it has one).
        if (text.angle === 0 && !text.text.includes('\n')) {
          const measured = measureTextWidth(text.text, text.fontSize, text.font);
          const expected = text.limit > 0 ? Math.min(measured, text.limit) : measured;
          expect(text.x2 - text.x1, text.text).toBeCloseTo(expected, 0);
        }
      }
    } finally {
      view.finalize();
    }
  });

  it.each(Object.keys(CHARTS))('draws nothing of the %s chart on the image border', async (name) => {
    const pixels = await decodePng(await renderPng(CHARTS[name]!));
    expect(inkBox(pixels)).not.toBeNull();
    // The chart has 16 px of padding all round: ink there means something overflowed.
    expect(inkOnBorder(pixels, 8 * PNG_SCALE)).toBe(0);
  });

  it('keeps a long Latin label whole when it fits, and cuts one that does not with an ellipsis', async () => {
    const fits = 'Financial Services & Insurance';
    const tooLong = 'Financial Services and Insurance for Small Families';
    // vega's own estimate (0.8 em a character) would have cut the first one too.
    expect(0.8 * 12 * fits.length).toBeGreaterThan(200);
    expect(measureTextWidth(fits, 12)).toBeLessThan(200);
    const data = sampleBreakdownData();
    data.usersBySource.rows[0]!.key = fits;
    data.usersBySource.rows[1]!.key = tooLong;
    const svg = await renderSvg(buildBreakdownSpec(data, 'usersBySource'));
    expect(svg).toContain(`>${fits.replace('&', '&amp;')}</text>`);
    const cut = /<text[^>]*>(Financial Services and Insurance[^<]*)<\/text>/.exec(svg)?.[1];
    expect(cut).toBeDefined();
    expect(cut!.endsWith('…')).toBe(true);
    expect(tooLong.startsWith(cut!.slice(0, -1))).toBe(true);
    expect(measureTextWidth(cut!, 12)).toBeLessThanOrEqual(200);
    // Cut no earlier than needed: one more character would not have fitted.
    expect(measureTextWidth(`${tooLong.slice(0, cut!.length)}…`, 12)).toBeGreaterThanOrEqual(200 - 1);
  });
});
