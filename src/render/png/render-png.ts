// First, before sharp is ever loaded: points fontconfig at the shipped fonts (FONTCONFIG_FILE).
import './configure-fontconfig.ts';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg.ts';

/** PNG pixels per chart pixel: 2 for crisp text on high-density screens. */
export const PNG_SCALE = 2;

const OPAQUE_BACKGROUND = /^<svg[^>]*><rect width="[\d.]+" height="[\d.]+" fill="(#[0-9a-fA-F]{6}|white)"\/>/;

type Sharp = typeof import('sharp').default;
let sharpLoading: Promise<Sharp> | undefined;

/** sharp, imported dynamically so that it loads after FONTCONFIG_FILE is set. */
function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import('sharp').then((module) => module.default);
  return sharpLoading;
}

/**
 * Renders a Vega-Lite spec to a PNG at 2× density: vega-lite compile → vega View (renderer
 * 'none', text measured with the shipped fonts) → SVG → sharp (librsvg; fonts via fontconfig).
 *
 * Timing, measured on the 2-core dev machine (Node 20; medians, machine shared with other work),
 * warm, i.e. after the first render in the process (which takes ~0.4–0.6 s: font files, sharp,
 * fontconfig's cache, JIT):
 *   a chart not rendered before: app trend 22–26 ms, breakdown ~30 ms, merchants ~44 ms,
 *     apps small multiples ~48 ms (8 apps × 7 days) to ~63 ms (12 apps × 30 days);
 *   the same spec again (compiled runtime reused): 16–45 ms.
 * Roughly half is sharp (librsvg + PNG encoding, ~0.2 ms per text element plus the pixels),
 * the rest vega-lite compile (4–6 ms), vega parse and dataflow.
 */
export async function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  const [svg, sharp] = await Promise.all([renderSvg(spec), loadSharp()]);
  const image = sharp(Buffer.from(svg), { density: 72 * PNG_SCALE });
  // Opaque whatever the spec's background, so that no chart turns dark on Slack's dark theme.
  // vega paints an opaque background as the SVG's first element (white unless the spec says
  // otherwise): then the alpha channel only needs dropping, which is cheaper than flattening.
  const opaque = OPAQUE_BACKGROUND.test(svg.slice(0, 500));
  return (
    (opaque ? image.removeAlpha() : image.flatten({ background: '#ffffff' }))
      // Level 3: as fast as level 1 here, and within a few % of the default level 6's size.
      .png({ compressionLevel: 3 })
      .toBuffer()
  );
}
