import { describe, expect, it } from 'vitest';
import { growArray } from '../../src/util/arrays.ts';

describe('growArray', () => {
  it('copies the values into an array of the same type, twice as long', () => {
    const grown = growArray(Uint32Array.of(7, 4_000_000_000, 1));
    expect(grown).toBeInstanceOf(Uint32Array);
    expect([...grown]).toEqual([7, 4_000_000_000, 1, 0, 0, 0]);
    expect(growArray(Float64Array.of(0.5, -2))).toEqual(Float64Array.of(0.5, -2, 0, 0));
    expect(growArray(Int32Array.of(-3))).toEqual(Int32Array.of(-3, 0));
  });

  it('grows to at least the length asked for, and leaves the original as it was', () => {
    const original = Uint8Array.of(1, 2);
    const grown = growArray(original, 9);
    expect(grown).toEqual(Uint8Array.of(1, 2, 0, 0, 0, 0, 0, 0, 0));
    grown[0] = 5;
    expect(original).toEqual(Uint8Array.of(1, 2));
    expect(growArray(new Uint8Array(0), 1)).toHaveLength(1);
  });
});
