import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../src/domain/errors.ts';
import { createRandom, type Random } from '../../src/generate/create-random.ts';
import { findLineOfRow, readCsvRows } from '../../src/import/read-csv-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-csv-'));
afterAll(() => process.env.KEEP_CSV || fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (text: string) => {
  const file = path.join(dir, `f${files++}.csv`);
  fs.writeFileSync(file, text);
  return file;
};

const read = async (file: string, columns: readonly string[]) => {
  const rows: Record<string, string>[] = [];
  for await (const chunk of readCsvRows(file, 'test.csv', columns)) rows.push(...chunk);
  return rows;
};

const failure = async (text: string, columns: readonly string[]) => {
  try {
    await read(write(text), columns);
  } catch (error) {
    if (error instanceof ImportError) return { line: error.line, reason: error.reason };
    throw error;
  }
  throw new Error('no error');
};

const PIECES = ['a', 'wallet', ' ', '', ',', '"', '""', '\n', '\r\n', 'é', '漢字', '😀', 'x'.repeat(300), '\\', "'", '?'];

function randomField(random: Random): string {
  let field = '';
  for (let n = random.int(0, 4); n > 0; n--) field += random.pick(PIECES);
  return field;
}

/** A field as RFC 4180 writes it: quoted when it has to be (and sometimes when it need not). */
function quote(field: string, random: Random): string {
  return /[",\r\n]/.test(field) || random.chance(0.1) ? `"${field.replace(/"/g, '""')}"` : field;
}

describe('readCsvRows', () => {
  it('reads what an independent RFC 4180 parser (csv-parse) reads, over 150 generated files', async () => {
    const random = createRandom(4180);
    for (let f = 0; f < 150; f++) {
      const width = random.int(1, 6);
      const header = Array.from({ length: width }, (_, i) => `col${i}`);
      const newline = random.chance(0.5) ? '\r\n' : '\n';
      // Some files are long enough to be read in many chunks, with records across their ends.
      const records = Array.from({ length: random.chance(0.2) ? random.int(200, 600) : random.int(0, 12) }, () => header.map(() => randomField(random)));
      // A record of one empty field is an empty line here (csv-parse keeps it when quoted).
      for (const record of records) if (width === 1 && record[0] === '') record[0] = 'x';
      let text = random.chance(0.2) ? '\ufeff' : '';
      text += header.join(',');
      // The line each record ends on: line breaks of any kind count, inside quoted fields too.
      const breaks = (part: string) => part.match(/\r\n|\r|\n/g)?.length ?? 0;
      const ends: number[] = [];
      for (const record of records) {
        if (random.chance(0.05)) text += newline;
        text += newline + record.map((field) => quote(field, random)).join(',');
        ends.push(breaks(text) + 1);
      }
      if (random.chance(0.5)) text += newline;
      const file = write(text);
      const expected = parse(fs.readFileSync(file), { bom: true, skip_empty_lines: true, columns: true }) as Record<string, string>[];
      expect(await read(file, header), `file ${f}`).toEqual(expected);
      for (const row of [1, Math.ceil(records.length / 2), records.length].filter((r) => r >= 1 && r <= records.length)) {
        expect(await findLineOfRow(file, row), `file ${f} row ${row}`).toBe(ends[row - 1]);
      }
    }
  });

  it('keeps the wanted columns by name (any case and order), and ignores the others', async () => {
    const file = write('Extra,USER_ID , day\nx,u1,2026-01-01\ny,u2,2026-01-02');
    expect(await read(file, ['day', 'user_id'])).toEqual([
      { day: '2026-01-01', user_id: 'u1' },
      { day: '2026-01-02', user_id: 'u2' },
    ]);
  });

  it('keeps its leniencies: a quote inside an unquoted field, spaces after a closing quote', async () => {
    expect(await read(write('a,b\nx"y,"z"  \n"p q"  ,r\n'), ['a', 'b'])).toEqual([
      { a: 'x"y', b: 'z' },
      { a: 'p q', b: 'r' },
    ]);
  });

  it('takes CR line endings, and characters split across the chunks it reads', async () => {
    const long = '漢'.repeat(7000);
    expect(await read(write(`a,b\r1,${long}\r2,x\r`), ['a', 'b'])).toEqual([
      { a: '1', b: long },
      { a: '2', b: 'x' },
    ]);
  });

  it('names the line and the reason of a record that is not CSV', async () => {
    expect(await failure('a,b\n1,2\n3\n', ['a', 'b'])).toEqual({ line: 3, reason: 'malformed CSV: 1 field where the header has 2' });
    expect(await failure('a,b\n1,"two\nlines"\n3,4,5\n', ['a', 'b'])).toEqual({ line: 4, reason: 'malformed CSV: 3 fields where the header has 2' });
    expect(await failure('a,b\n1,2\n3,"open\n4,5\n', ['a', 'b'])).toEqual({ line: 3, reason: 'malformed CSV: a quoted field is not closed' });
    expect(await failure('a,b\n1,2\n"3"x,4\n', ['a', 'b'])).toEqual({ line: 3, reason: 'malformed CSV: a closing quote is followed by more text' });
    expect(await failure('a,b\n', ['a', 'c'])).toEqual({ line: 1, reason: 'missing column c (header has: a, b)' });
    expect(await failure('', ['a'])).toEqual({ line: 1, reason: 'empty file: a header row with a is required' });
    expect(await failure('\n\n', ['a'])).toEqual({ line: 1, reason: 'empty file: a header row with a is required' });
  });

  it('gives the rows before a bad quote first, so that a bad row before it is the one reported', async () => {
    const file = write('a\n1\n2\n"3\n');
    const seen: string[] = [];
    await expect(async () => {
      for await (const chunk of readCsvRows(file, 'test.csv', ['a'])) seen.push(...chunk.map((row) => row.a!));
    }).rejects.toThrow(/line 4: malformed CSV: a quoted field is not closed/);
    expect(seen).toEqual(['1', '2']);
  });
});
