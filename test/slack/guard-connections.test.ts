import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDefaultMaxConnections } from '../../src/slack/guard-connections.ts';

describe('readDefaultMaxConnections', () => {
  const withLimits = (openFiles: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'limits-'));
    const file = path.join(dir, 'limits');
    fs.writeFileSync(
      file,
      `Limit                     Soft Limit           Hard Limit           Units\nMax processes             63432                63432                processes\nMax open files            ${openFiles}                files\n`,
    );
    try {
      return readDefaultMaxConnections(file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  it.each([
    ['1024 4096', 512],
    ['20000 20000', 1024],
    ['1048576 1048576', 1024],
    ['100 100', 64],
    ['unlimited unlimited', 1024],
  ])('takes half the open-file limit %s, within 64 and 1,024', (openFiles, expected) => {
    expect(withLimits(openFiles)).toBe(expected);
  });
  it('takes 1,024 where the limit cannot be read', () => {
    expect(readDefaultMaxConnections('/nonexistent/limits')).toBe(1024);
  });
});
