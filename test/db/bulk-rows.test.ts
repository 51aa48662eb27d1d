import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceRows } from '../../src/db/bulk-rows.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

const TRICKY = [
  'plain',
  'tab\there',
  'line\nbreak',
  'cr\rlf',
  'back\\slash',
  '\\N',
  'nul\0byte',
  'é漢😀',
  '',
  'trailing\\',
  'quote\'s "both"',
  'mark? ?? :name',
  '`tick`',
];
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe.each(
  DATABASE_KINDS.flatMap(
    (kind) =>
      [
        [kind, false],
        [kind, true],
      ] as const,
  ),
)('replaceRows on %s (inline %s)', (kind, inline) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(kind, { migrate: false });
    await store.db.schema.createTable('pairs', (t) => {
      t.integer('a').notNullable();
      t.integer('b').notNullable();
      t.string('text', 64).nullable();
      t.binary('data').nullable();
      t.primary(['a', 'b']);
    });
  });
  afterAll(async () => store?.drop());

  const read = async () =>
    (await store.db('pairs').orderBy(['a', 'b']).select('a', 'b', 'text', 'data')).map(
      (r: { a: number; b: number; text: string | null; data: Uint8Array | null }) => ({
        ...r,
        data: r.data === null ? null : [...r.data],
      }),
    );

  it('writes every character and byte as given, replaces rows by key, and keeps the rest', async () => {
    const rows = TRICKY.map((text, i) => ({ a: 1, b: i, text, data: BYTES.subarray(i, i + 40) }));
    await replaceRows(store.db, 'pairs', rows, ['a', 'b'], { inline });
    expect(await read()).toEqual(rows.map((r) => ({ ...r, data: [...r.data] })));

    await replaceRows(
      store.db,
      'pairs',
      [
        { a: 1, b: 2, text: null, data: Uint8Array.of(9) },
        { a: 2, b: 0, text: 'new', data: BYTES },
      ],
      ['a', 'b'],
      { inline },
    );
    const after = await read();
    expect(after).toHaveLength(TRICKY.length + 1);
    expect(after.find((r) => r.a === 1 && r.b === 2)).toEqual({ a: 1, b: 2, text: null, data: [9] });
    expect(after.find((r) => r.a === 2)).toEqual({ a: 2, b: 0, text: 'new', data: [...BYTES] });
    expect(after.find((r) => r.a === 1 && r.b === 5)).toEqual({ a: 1, b: 5, text: '\\N', data: [...BYTES.subarray(5, 45)] });
  });

  it("writes inside the caller's transaction: a rollback leaves nothing", async () => {
    const before = await read();
    await expect(
      store.db.transaction(async (trx) => {
        await replaceRows(
          trx,
          'pairs',
          Array.from({ length: 12_000 }, (_, i) => ({ a: 3, b: i, text: `row ${i}`, data: null })),
          ['a', 'b'],
          { inline },
        );
        expect(await trx('pairs').where('a', 3).count({ n: '*' })).toEqual([{ n: 12_000 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await read()).toEqual(before);
  });
});
