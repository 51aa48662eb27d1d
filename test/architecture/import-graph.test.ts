/**
 * The layers of docs/architecture.md, held by the import graph of src/: no module imports one of a
 * higher layer, and no modules import each other in a cycle (type-only imports count too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
/** Folders beside src/ that modules may import: the migrations, which only the db layer runs. */
const OUTSIDE = [path.resolve(import.meta.dirname, '../../migrations')];

/** Each top-level folder of src/ and its layer: a module may import its own layer and the ones below. */
const LAYERS: Readonly<Record<string, number>> = {
  domain: 0,
  util: 0,
  config: 0,
  db: 0,
  access: 1,
  stats: 1,
  aggregates: 1,
  import: 1,
  query: 1,
  generate: 1,
  render: 2,
  charts: 2,
  reports: 3,
  slack: 4,
  digests: 4,
  alerts: 4,
  home: 4,
  cli: 4,
  bench: 4,
};

const name = (file: string) => path.relative(SRC, file);
const layerOf = (file: string) => LAYERS[name(file).split(path.sep)[0]!];

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function listModules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listModules(full);
    return /\.(ts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** module → the modules of src/ it imports (relative specifiers only; packages are not layered). */
function readImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listModules(SRC)) {
    const source = fs.readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      if (OUTSIDE.some((dir) => target.startsWith(dir + path.sep)) && layerOf(file) === 0) continue;
      targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of more than one module (or a module importing itself). */
function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) cycles.push(component.map(name).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('the import graph of src/', () => {
  const graph = readImportGraph();

  it('places every folder of src/ in a layer', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).filter((folder) => LAYERS[folder] === undefined)).toEqual([]);
  });

  it('resolves every relative import to a module of src/', () => {
    const missing = [...graph].flatMap(([from, targets]) => targets.filter((target) => !graph.has(target)).map((target) => `${name(from)} → ${name(target)}`));
    expect(missing).toEqual([]);
  });

  it('has no import from a lower layer into a higher one', () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      targets.filter((target) => graph.has(target) && layerOf(target)! > layerOf(from)!).map((target) => `${name(from)} → ${name(target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('finds a cycle and an upward import when there is one (the checks can fail)', () => {
    const a = path.join(SRC, 'util', 'a.ts');
    const b = path.join(SRC, 'reports', 'b.ts');
    const cyclic = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    expect(findCycles(cyclic)).toEqual([['reports/b.ts', 'util/a.ts']]);
    expect(layerOf(b)! > layerOf(a)!).toBe(true);
  });
});
