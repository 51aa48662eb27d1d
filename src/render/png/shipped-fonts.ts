import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The fonts the PNG renderer ships, from the npm registry, one regular weight each.
 * Order matters: it is the fallback order, for fontconfig (what librsvg draws with)
 * and for the text measurement vega lays out with.
 *
 * - Noto Sans (`@embedpdf/fonts-latin`): Latin, Greek, Cyrillic.
 * - Noto Sans S Chinese (`@embedpdf/fonts-sc`, Noto Sans CJK SC, GB 18030 subset): Chinese,
 *   and Japanese too (hiragana, katakana and all common kanji such as 駅, 楽); its JP-only
 *   misses are compatibility ideographs and rare Extension B characters. No Hangul.
 */
export interface ShippedFont {
  /** The family name inside the font file (what fontconfig and SVG `font-family` use). */
  family: string;
  /** The folder holding the font file (and the package's other weights, ignored). */
  dir: string;
  fileName: string;
  path: string;
}

const require = createRequire(import.meta.url);

function shippedFont(packageName: string, fileName: string, family: string): ShippedFont {
  // The packages export only their JS entry (dist/index.*); the fonts sit beside dist/ in fonts/.
  const dir = join(dirname(require.resolve(packageName)), '..', 'fonts');
  return { family, dir, fileName, path: join(dir, fileName) };
}

export const SHIPPED_FONTS: readonly ShippedFont[] = [
  shippedFont('@embedpdf/fonts-latin', 'NotoSans-Regular.ttf', 'Noto Sans'),
  shippedFont('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf', 'Noto Sans S Chinese'),
];

/** A CSS/SVG font-family list naming every shipped font, in fallback order. */
export const SHIPPED_FONT_STACK = SHIPPED_FONTS.map((font) => font.family).join(', ');
