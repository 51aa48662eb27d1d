import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatShare, formatShareChange, formatSparkline } from '../../../src/render/text/format-text.ts';

describe('number formats', () => {
  it('separates thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
  it.each([
    [12345, 11410, '▲ 8.2%'],
    [90, 100, '▼ 10.0%'],
    [100, 100, '= 0.0%'],
    [100001, 100000, '▲ <0.1%'],
    [5, 0, '▲ new'],
    [0, 0, '–'],
    [0, 7, '▼ 100.0%'],
  ])('shows the change from %i to… %i as %s', (current, previous, text) => {
    expect(formatChange(current, previous)).toBe(text);
  });
  it('shows shares and their change in points', () => {
    expect(formatShare(0.4213)).toBe('42.1%');
    expect(formatShareChange(0.5, 0.487)).toBe('▲ 1.3 pp');
    expect(formatShareChange(0.2, 0.2)).toBe('= 0.0 pp');
    expect(formatShareChange(0.1, 0.3)).toBe('▼ 20.0 pp');
  });
  it('draws sparklines', () => {
    expect(formatSparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(formatSparkline([3, 3, 3])).toBe('▄▄▄');
    expect(formatSparkline([0, 0])).toBe('▁▁');
  });
});
