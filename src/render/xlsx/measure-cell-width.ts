import type { CellValue } from './types.ts';

/** Wide (two-column) code points: CJK, Hangul, kana, full-width forms, most emoji. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Width of text in character cells, counting wide characters twice; the longest line of several. */
function measureText(text: string): number {
  let longest = 0;
  let width = 0;
  for (const char of text) {
    if (char === '\n') {
      longest = Math.max(longest, width);
      width = 0;
    } else {
      width += WIDE.test(char) ? 2 : 1;
    }
  }
  return Math.max(longest, width);
}

/** Excel's General format shows at most 11 characters of a number. */
function formatGeneral(value: number): string {
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  return text.length > 11 ? text.slice(0, 11) : text;
}

/** Roughly what Excel shows for `value` under a number format: enough to size a column. */
function formatNumber(value: number, numFmt: string | undefined): string {
  if (numFmt === undefined || numFmt === 'General') return formatGeneral(value);
  const section = numFmt.split(';')[0] ?? '';
  const literals = (section.match(/"[^"]*"/g) ?? []).map((quoted) => quoted.slice(1, -1)).join('');
  const code = section.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  if (!/[0#?]/.test(code)) return code.replace(/\\/g, ''); // a date or time format: as long as its pattern
  const decimals = code.match(/\.([0#?]+)/)?.[1]?.length ?? 0;
  const percent = code.includes('%');
  const text = (percent ? value * 100 : value).toLocaleString('en-US', {
    useGrouping: code.includes(','),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  // what else the format shows: spaces, signs, escaped characters, `_x` padding
  const rest = code.replace(/[_*]./g, ' ').replace(/[0#?,.%\\]/g, '');
  return `${text}${percent ? '%' : ''}${rest}${literals}`;
}

/** Width in characters that a cell needs to show `value` under `numFmt` (undefined: General). */
export function measureCellWidth(value: CellValue, numFmt: string | undefined): number {
  if (value === null) return 0;
  if (typeof value === 'string') return measureText(value);
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (value instanceof Date) return numFmt === undefined ? 10 : Math.max(10, measureText(numFmt.replace(/["\\]/g, '')));
  return measureText(formatNumber(value, numFmt));
}
