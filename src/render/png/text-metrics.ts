/**
 * Text widths from the shipped font files, for vega's layout.
 *
 * Without node-canvas vega estimates a width of 0.8 × font size per character, which cuts Latin
 * labels early and lets CJK labels overflow. Here every string is shaped with fontkit (kerning
 * included) in the same fonts, and with the same per-character fallback, that librsvg/pango use
 * to draw it, and the result is cached.
 */
import { type Font, openSync } from 'fontkit';
import * as vega from 'vega';
import { SHIPPED_FONTS } from './shipped-fonts.ts';

interface LoadedFont {
  family: string;
  font: Font;
  unitsPerEm: number;
}

/** Width, in em, of the hex box pango draws for a character no font has (measured: 0.8 em of ink; rounded up). */
const MISSING_GLYPH_EM = 0.85;
const CACHE_LIMIT = 50_000;

let loadedFonts: LoadedFont[] | undefined;
const stacks = new Map<string, LoadedFont[]>();
const emWidths = new Map<string, number>();

function loadFonts(): LoadedFont[] {
  loadedFonts ??= SHIPPED_FONTS.map((shipped) => {
    const font = openSync(shipped.path);
    if (!('layout' in font)) throw new Error(`${shipped.path} is a font collection, expected one font`);
    return { family: shipped.family, font, unitsPerEm: font.unitsPerEm };
  });
  return loadedFonts;
}

/** Loads the font files now (they are otherwise loaded on the first measurement). */
export function preloadFonts(): void {
  const fonts = loadFonts();
  // The first layout of each font reads its GSUB/GPOS tables; do it here rather than mid-render.
  for (const font of fonts) font.font.layout('Ag 0');
}

function splitFamilies(fontFamily: string): string[] {
  return fontFamily
    .split(',')
    .map((name) =>
      name
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim()
        .toLowerCase(),
    )
    .filter((name) => name !== '');
}

/**
 * The fonts, in fallback order, that fontconfig gives for a font-family list: the shipped families
 * it names, in its order, then the other shipped fonts (generic names resolve to the default order).
 */
function fontStack(fontFamily: string | undefined): LoadedFont[] {
  const key = fontFamily ?? '';
  let stack = stacks.get(key);
  if (stack === undefined) {
    const fonts = loadFonts();
    const named: LoadedFont[] = [];
    for (const name of splitFamilies(key)) {
      const font = fonts.find((candidate) => candidate.family.toLowerCase() === name);
      if (font !== undefined && !named.includes(font)) named.push(font);
    }
    stack = [...named, ...fonts.filter((font) => !named.includes(font))];
    stacks.set(key, stack);
  }
  return stack;
}

/** Characters that do not choose a font themselves (pango keeps the current one for them). */
const KEEPS_CURRENT_FONT = /^[\s\p{Cc}\p{Cf}\p{M}]$/u;

function keepsCurrentFont(codePoint: number): boolean {
  return KEEPS_CURRENT_FONT.test(String.fromCodePoint(codePoint));
}

function measureEm(text: string, stack: LoadedFont[]): number {
  let total = 0;
  let runFont: LoadedFont | undefined;
  let run = '';
  const flush = (): void => {
    if (runFont !== undefined && run !== '') total += runFont.font.layout(run).advanceWidth / runFont.unitsPerEm;
    run = '';
  };
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (runFont !== undefined && keepsCurrentFont(codePoint) && runFont.font.hasGlyphForCodePoint(codePoint)) {
      run += character;
      continue;
    }
    const font = stack.find((candidate) => candidate.font.hasGlyphForCodePoint(codePoint));
    if (font === undefined) {
      if (keepsCurrentFont(codePoint)) continue;
      flush();
      runFont = undefined;
      total += MISSING_GLYPH_EM;
    } else if (font !== runFont) {
      flush();
      runFont = font;
      run = character;
    } else {
      run += character;
    }
  }
  flush();
  return total;
}

/** The width in pixels of `text` drawn at `fontSize` px in `fontFamily` (a CSS list; default: the shipped stack). */
export function measureTextWidth(text: string, fontSize: number, fontFamily?: string): number {
  if (text === '' || !(fontSize > 0)) return 0;
  const key = `${fontFamily ?? ''}\u0000${text}`;
  let em = emWidths.get(key);
  if (em === undefined) {
    em = measureEm(text, fontStack(fontFamily));
    if (emWidths.size >= CACHE_LIMIT) emWidths.delete(emWidths.keys().next().value!);
    emWidths.set(key, em);
  }
  return em * fontSize;
}

/** The characters of `text` (spaces and controls aside) that none of the shipped fonts has a glyph for. */
export function findMissingGlyphs(text: string): string[] {
  const fonts = loadFonts();
  return [...text].filter(
    (character) => !keepsCurrentFont(character.codePointAt(0)!) && !fonts.some((font) => font.font.hasGlyphForCodePoint(character.codePointAt(0)!)),
  );
}

/** What vega hands a text-width function: a text scenegraph item. */
interface VegaTextItem {
  fontSize?: number | string;
  font?: string;
  limit?: number | string;
}

interface VegaTextMetrics {
  width: (item: VegaTextItem, text: unknown) => number;
  estimateWidth: (item: VegaTextItem, text: unknown) => number;
}

/** vega's text metrics (vega-scenegraph's `textMetrics`, re-exported by vega but absent from its typings). */
export const vegaTextMetrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;

function vegaTextWidth(item: VegaTextItem, text: unknown): number {
  const fontSize = item.fontSize != null ? +item.fontSize || 0 : 11;
  const line = text == null ? '' : String(text).trim();
  const width = measureTextWidth(line, fontSize, item.font);
  // vega calls this both for bounds (with the whole label) and, while truncating a label to
  // `limit`, for its prefixes. Capping at the limit keeps its truncation search exact and makes
  // a truncated label's bounds the limit, which is at most a character wider than what is drawn.
  const limit = item.limit != null ? +item.limit : 0;
  return limit > 0 ? Math.min(width, limit) : width;
}

/** Makes vega measure text with the shipped fonts (process-wide; idempotent). */
export function installVegaTextMetrics(): void {
  vegaTextMetrics.width = vegaTextWidth;
}
