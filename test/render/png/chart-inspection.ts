import type { View } from 'vega';

/** Decoded RGB(A) pixels of a PNG. */
export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Decodes a PNG (sharp is loaded lazily: render-png.ts must be imported first, for FONTCONFIG_FILE). */
export async function decodePng(png: Buffer): Promise<Pixels> {
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function isInk(pixels: Pixels, x: number, y: number): boolean {
  const index = (y * pixels.width + x) * pixels.channels;
  // Anything visibly darker than the white background, in any channel.
  return pixels.data[index]! < 200 || pixels.data[index + 1]! < 200 || pixels.data[index + 2]! < 200;
}

/** The box around all non-background pixels, or null for a blank image. */
export function inkBox(pixels: Pixels): { x1: number; y1: number; x2: number; y2: number; count: number } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -1;
  let y2 = -1;
  let count = 0;
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < pixels.width; x++) {
      if (!isInk(pixels, x, y)) continue;
      count++;
      x1 = Math.min(x1, x);
      y1 = Math.min(y1, y);
      x2 = Math.max(x2, x);
      y2 = Math.max(y2, y);
    }
  }
  return count === 0 ? null : { x1, y1, x2, y2, count };
}

/** Ink pixels within `margin` pixels of the image's edge (a chart cut off by the image border has some). */
export function inkOnBorder(pixels: Pixels, margin: number): number {
  let count = 0;
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < pixels.width; x++) {
      const onBorder = x < margin || y < margin || x >= pixels.width - margin || y >= pixels.height - margin;
      if (onBorder && isInk(pixels, x, y)) count++;
    }
  }
  return count;
}

/** A text item of the vega scenegraph, with its bounds in image (CSS px) coordinates. */
export interface PlacedText {
  text: string;
  fontSize: number;
  font: string;
  limit: number;
  angle: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface SceneItem {
  x?: number;
  y?: number;
  text?: unknown;
  fontSize?: number;
  font?: string;
  limit?: number;
  angle?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneMark[];
}

interface SceneMark {
  marktype: string;
  items: SceneItem[];
}

/** Every non-empty text item in a view's scenegraph, placed in image coordinates. */
export function listTexts(view: View): PlacedText[] {
  const texts: PlacedText[] = [];
  const [originX, originY] = view.origin();
  const padding = view.padding();
  const left = typeof padding === 'number' ? padding : (padding.left ?? 0);
  const top = typeof padding === 'number' ? padding : (padding.top ?? 0);
  const visit = (mark: SceneMark, offsetX: number, offsetY: number): void => {
    for (const item of mark.items) {
      if (mark.marktype === 'group') {
        for (const child of item.items ?? []) visit(child, offsetX + (item.x ?? 0), offsetY + (item.y ?? 0));
      } else if (mark.marktype === 'text' && item.bounds && item.text != null && String(item.text) !== '') {
        texts.push({
          text: Array.isArray(item.text) ? item.text.join('\n') : String(item.text),
          fontSize: item.fontSize ?? 11,
          font: item.font ?? '',
          limit: item.limit ?? 0,
          angle: item.angle ?? 0,
          x1: offsetX + item.bounds.x1,
          y1: offsetY + item.bounds.y1,
          x2: offsetX + item.bounds.x2,
          y2: offsetY + item.bounds.y2,
        });
      }
    }
  };
  visit((view.scenegraph() as unknown as { root: SceneMark }).root, originX + left, originY + top);
  return texts;
}

/** The width and height an SVG document declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('no width/height on the <svg> element');
  return { width: Number(match[1]), height: Number(match[2]) };
}
