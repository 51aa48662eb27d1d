import fs from 'node:fs';
import Papa from 'papaparse';
import { ImportError } from '../domain/errors.ts';

/**
 * Bytes read and parsed at a time: little, so that reading the next batch, which goes on while one
 * is written, never keeps the event loop (and the database waiting on it) for long.
 */
const CHUNK_BYTES = 16_384;
/** Longer than any real record (values are at most 255 characters): an unclosed quote, not a record. */
const MAX_RECORD_CHARS = 16 << 20;

/**
 * Streams the rows of a CSV file with a header row, a chunk of rows at a time, keeping only
 * `columns` (extra columns are ignored): each row is its values by column name, and rows are
 * numbered from 1 (the first after the header) across the chunks, empty lines not counted. A
 * missing column, a record with another number of fields than the header, or a misplaced or
 * unclosed quote is an ImportError with the line number.
 */
export async function* readCsvRows(filePath: string, fileName: string, columns: readonly string[]): AsyncGenerator<Record<string, string>[]> {
  let header: string[] | null = null;
  let indexes: number[] = [];
  let row = 0;
  for await (const { records, problem } of parseRecords(filePath)) {
    const rows: Record<string, string>[] = [];
    for (const record of records) {
      if (header === null) {
        header = record;
        const names = record.map((name) => name.trim().toLowerCase());
        const missing = columns.filter((column) => !names.includes(column));
        if (missing.length > 0) {
          throw new ImportError(fileName, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header has: ${record.join(', ')})`);
        }
        indexes = columns.map((column) => names.indexOf(column));
        continue;
      }
      row++;
      if (record.length !== header.length) {
        throw new ImportError(
          fileName,
          await findLineOfRow(filePath, row),
          `malformed CSV: ${record.length} field${record.length === 1 ? '' : 's'} where the header has ${header.length}`,
        );
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) values[columns[i]!] = record[indexes[i]!]!;
      rows.push(values);
    }
    if (rows.length) yield rows;
    // The rows before a bad quote are given (and may be refused) first.
    if (problem) throw new ImportError(fileName, problem.line, `malformed CSV: ${problem.reason}`);
  }
  if (header === null) throw new ImportError(fileName, 1, `empty file: a header row with ${columns.join(', ')} is required`);
}

/** The line where data row `row` (as numbered by readCsvRows) ends: read again, for an error message. */
export async function findLineOfRow(filePath: string, row: number): Promise<number | null> {
  let seen = -1;
  for await (const { records, ends } of parseRecords(filePath, { withEnds: true })) {
    for (let i = 0; i < records.length; i++) if (++seen === row) return ends[i]!;
  }
  return null;
}

interface ParsedRecords {
  /** Records of RFC 4180 CSV, empty lines left out. */
  records: string[][];
  /** With `withEnds`: the line (counting from 1) where each record ends. */
  ends: number[];
  /** A bad quote after these records: the line it is on, and what is wrong. */
  problem?: { line: number; reason: string };
}

/**
 * The records of a CSV file, a chunk of text at a time, parsed by Papa Parse (which splits
 * quote-free text at commas and line breaks, and parses quoted fields by RFC 4180). The line
 * break is the file's first one (CRLF, LF or CR); a UTF-8 byte order mark is dropped.
 */
async function* parseRecords(filePath: string, options: { withEnds?: boolean } = {}): AsyncGenerator<ParsedRecords> {
  let parser: Papa.Parser | null = null;
  let newline = '\n';
  let pending = '';
  // Line breaks in the text before `pending`.
  let breaks = 0;
  // With withEnds, the records of the text being parsed come one at a time, each with where it ends.
  let stepped: string[][] = [];
  let ends: number[] = [];
  let text = '';
  let counted = 0;
  let countedBreaks = 0;
  // Line breaks (CRLF, LF or CR, inside quoted fields too) in text[0, offset), counted on from
  // the last offset asked for (offsets only grow).
  const breaksBefore = (offset: number) => {
    for (let at = counted; at < offset; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) countedBreaks++;
    }
    counted = Math.max(counted, offset);
    return countedBreaks;
  };
  const onRecordEnd = (cursor: number) => {
    const terminated = cursor >= newline.length && text.startsWith(newline, cursor - newline.length);
    ends.push(breaks + breaksBefore(terminated ? cursor - newline.length : cursor) + 1);
  };
  const parse = (input: string, last: boolean): ParsedRecords => {
    text = input;
    counted = countedBreaks = 0;
    if (parser === null) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      newline = lineBreakOf(text);
      // Papa's own Parser steps with the row inside `data`, as the rows of a parse.
      const step = (result: Papa.ParseResult<string[]>) => {
        stepped.push(result.data[0]!);
        onRecordEnd(result.meta.cursor);
      };
      parser = new Papa.Parser({
        delimiter: ',',
        newline: newline as Papa.ParseConfig['newline'],
        quoteChar: '"',
        escapeChar: '"',
        step: options.withEnds ? (step as unknown as Papa.ParseConfig['step']) : undefined,
      });
    }
    stepped = [];
    ends = [];
    const result = parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
    const all = options.withEnds ? stepped : result.data;
    const error = result.errors.find((e) => e.type === 'Quotes');
    const records: string[][] = [];
    const kept: number[] = [];
    for (let i = 0; i < all.length && (!error || i < (error.row ?? 0)); i++) {
      const record = all[i]!;
      if (record.length === 1 && record[0] === '') continue;
      records.push(record);
      kept.push(ends[i]!);
    }
    const parsed: ParsedRecords = { records, ends: kept };
    if (error) {
      parsed.problem = {
        line: breaks + breaksBefore(error.index ?? 0) + 1,
        reason: error.code === 'MissingQuotes' ? 'a quoted field is not closed' : 'a closing quote is followed by more text',
      };
    }
    const cursor = last ? text.length : result.meta.cursor;
    breaks += breaksBefore(cursor);
    pending = text.slice(cursor);
    return parsed;
  };
  for await (const chunk of fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: CHUNK_BYTES }) as AsyncIterable<string>) {
    const parsed = parse(pending + chunk, false);
    yield parsed;
    if (parsed.problem) return;
    if (pending.length > MAX_RECORD_CHARS) {
      yield { records: [], ends: [], problem: { line: breaks + 1, reason: 'a record longer than 16 MB (a quoted field that is not closed?)' } };
      return;
    }
  }
  if (parser !== null || pending !== '') yield parse(pending, true);
}

/** CRLF, LF or CR: whichever ends the first line. */
function lineBreakOf(text: string): string {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr !== -1 && (lf === -1 || cr < lf)) return text[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}
