import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQuietGate } from '../../src/slack/create-quiet-gate.ts';

describe('createQuietGate', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('holds jobs while requests keep arriving and runs them, in order, once they stop', () => {
    const gate = createQuietGate({ quietMs: 2, maxDelayMs: 500 });
    const ran: number[] = [];
    for (let i = 0; i < 50; i++) {
      gate.touch();
      gate.run(() => ran.push(i));
      vi.advanceTimersByTime(1);
    }
    expect(ran).toEqual([]);
    expect(gate.waiting).toBe(50);
    vi.advanceTimersByTime(3);
    expect(ran).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(gate.waiting).toBe(0);
  });

  it('runs a job after maxDelayMs even if requests never stop', () => {
    const gate = createQuietGate({ quietMs: 2, maxDelayMs: 100 });
    let ran = false;
    gate.touch();
    gate.run(() => (ran = true));
    for (let t = 0; t < 99; t++) {
      gate.touch();
      vi.advanceTimersByTime(1);
    }
    expect(ran).toBe(false);
    for (let t = 0; t < 5 && !ran; t++) {
      gate.touch();
      vi.advanceTimersByTime(1);
    }
    expect(ran).toBe(true);
  });

  it('runs a lone job after quietMs', () => {
    const gate = createQuietGate({ quietMs: 2 });
    let ran = false;
    gate.run(() => (ran = true));
    vi.advanceTimersByTime(1);
    expect(ran).toBe(false);
    vi.advanceTimersByTime(1);
    expect(ran).toBe(true);
  });
});
