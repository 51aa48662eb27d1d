import { describe, expect, it } from 'vitest';
import type { UserState } from '../../src/aggregates/encode-user-state.ts';
import { decodeUserState, encodeUserState } from '../../src/aggregates/encode-user-state.ts';
import { createRandom, type Random } from '../../src/generate/create-random.ts';

function randomState(random: Random): UserState {
  const state: UserState = { spans: new Map(), views: new Map(), preferences: [] };
  const base = random.int(0, 40_000);
  for (let n = random.int(0, 6); n > 0; n--) {
    const first = base + random.int(0, 400);
    state.spans.set(random.int(0, 2 ** 32 - 1), { first, last: first + random.int(0, 3000) });
  }
  for (let n = random.int(0, 6); n > 0; n--) state.views.set(random.int(1, 5_000_000), random.chance(0.1) ? random.int(2 ** 31, 2 ** 40) : random.int(1, 300));
  let day = base;
  for (let n = random.int(0, 8); n > 0; n--) {
    day += random.int(1, 90);
    state.preferences.push({ day, categoryRef: random.int(1, 5_000_000) });
  }
  return state;
}

describe('encodeUserState', () => {
  it('decodes to the same state, for generated states of every size', () => {
    const random = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const state = randomState(random);
      expect(decodeUserState(encodeUserState(state))).toEqual(state);
    }
  });

  it('gives each state bytes of its own, however long the state', () => {
    const random = createRandom(11);
    const states = Array.from({ length: 50 }, () => randomState(random));
    const long: UserState = {
      spans: new Map(),
      views: new Map(),
      preferences: Array.from({ length: 400 }, (_, i) => ({ day: 20_000 + i * 3, categoryRef: 1_000_000 + i })),
    };
    states.push(long, randomState(random));
    const encoded = states.map(encodeUserState);
    expect(encoded.at(-2)!.length).toBeGreaterThan(1000);
    expect(encoded.map(decodeUserState)).toEqual(states);
  });

  it('keeps a typical user in a few dozen bytes', () => {
    const state: UserState = {
      spans: new Map([
        [0, { first: 20_400, last: 20_480 }],
        [17, { first: 20_400, last: 20_470 }],
        [23, { first: 20_410, last: 20_480 }],
      ]),
      views: new Map([
        [17, 40],
        [23, 38],
      ]),
      preferences: [{ day: 20_400, categoryRef: 17 }],
    };
    expect(encodeUserState(state).length).toBeLessThanOrEqual(30);
  });

  it('refuses values it cannot store, and bytes that are not a state', () => {
    expect(() => encodeUserState({ spans: new Map(), views: new Map([[1, -1]]), preferences: [] })).toThrow(/out of range/);
    expect(() => decodeUserState(Uint8Array.from([1, 5]))).toThrow(/truncated/);
    expect(() => decodeUserState(Uint8Array.from([0, 0, 0, 9]))).toThrow(/trailing/);
  });
});
