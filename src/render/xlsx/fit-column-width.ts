const MIN_CHARACTERS = 6;
const MAX_CHARACTERS = 60;
/** Room for the autofilter's drop-down button beside a header. */
const FILTER_BUTTON = 3;
/** A character of slack on each side of the content. */
const SLACK = 2;
/**
 * Excel's own cell padding (5 px at Calibri 11's 7 px digits): a column showing n characters is
 * n + 0.71 wide. It also keeps widths off exactly 9, which exceljs takes for its default width and
 * would then leave out of the file.
 */
const CELL_PADDING = 0.71;

/**
 * Column width (in characters) for a header and the widest content below it, both measured by
 * measureCellWidth: room for the header and its filter button, and for the content, capped so that
 * one long text does not make a column wider than a screen.
 */
export function fitColumnWidth(headerWidth: number, contentWidth: number): number {
  const wanted = Math.max(headerWidth + FILTER_BUTTON, contentWidth + SLACK);
  return Math.min(MAX_CHARACTERS, Math.max(MIN_CHARACTERS, Math.ceil(wanted))) + CELL_PADDING;
}
