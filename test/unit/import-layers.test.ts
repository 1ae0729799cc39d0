/**
 * The layout's two rules, read from the code's own imports (type-only imports included):
 *
 *   main, cli → server → seeds → analytics → land, party → auth → db → common → config
 *
 * an import may only point down this list (or stay inside its own layer), seeds reach a domain through its
 * index.ts only, and no file takes part in an import circle. A folder under src/ holds at most 15 source files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/** what each layer may import besides itself */
const MAY_IMPORT: Record<string, string[]> = {
  config: [],
  common: ['config'],
  db: ['common', 'config'],
  auth: ['db', 'common', 'config'],
  land: ['auth', 'db', 'common', 'config'],
  party: ['auth', 'db', 'common', 'config'],
  analytics: ['party', 'auth', 'db', 'common', 'config'],
  seeds: ['land', 'party', 'auth', 'common', 'config'],
  server: ['seeds', 'analytics', 'land', 'party', 'auth', 'db', 'common', 'config'],
  cli: ['server', 'seeds', 'analytics', 'land', 'party', 'auth', 'db', 'common', 'config'],
  main: ['server', 'config'],
  client: [],
};
/** seeds use a domain's public face (its index.ts) and nothing behind it */
const FACE_ONLY_FROM = new Set(['seeds']);
const DOMAINS = new Set(['auth', 'land', 'party', 'analytics']);
const MAX_FILES_PER_FOLDER = 15;

export type Graph = Map<string, string[]>;

export function layerOf(file: string): string {
  if (file.startsWith('seeds/')) return 'seeds';
  const [, top] = file.split('/');
  return top.replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export function importGraph(): Graph {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'seeds'))].filter(
    (f) => !f.includes(`${sep}migrations${sep}`),
  );
  const graph: Graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => resolveImport(file, i.fileName))
      .filter((t): t is string => !!t)
      .map((t) => relative(ROOT, t).split(sep).join('/'));
    graph.set(relative(ROOT, file).split(sep).join('/'), [...new Set(targets)]);
  }
  return graph;
}

/** every import that points up the layers, or behind a domain's public face from the seeds */
export function upwardImports(graph: Graph): string[] {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    for (const to of targets) {
      const b = layerOf(to);
      if (a === b) continue;
      if (!(MAY_IMPORT[a] ?? []).includes(b)) wrong.push(`${from} -> ${to} (${a} may not import ${b})`);
      else if (FACE_ONLY_FROM.has(a) && DOMAINS.has(b) && to !== `src/${b}/index.ts`)
        wrong.push(`${from} -> ${to} (${a} imports a domain through its index.ts only)`);
    }
  }
  return wrong;
}

/** the import circles (strongly connected components of more than one file, or a file importing itself) */
export function importCircles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

describe('the layout', () => {
  const graph = importGraph();

  it('reads the imports of every source file', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('src/main.ts')).toContain('src/server/app.ts');
  });

  it('has no import that runs up the layers', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import circle', () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it('keeps every folder under src/ to at most 15 source files', () => {
    const counts = new Map<string, number>();
    for (const file of graph.keys()) {
      if (!file.startsWith('src/')) continue;
      const folder = file.slice(0, file.lastIndexOf('/'));
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
    const crowded = [...counts].filter(([, n]) => n > MAX_FILES_PER_FOLDER);
    expect(crowded).toEqual([]);
  });

  it('would catch an upward import, a face bypassed and a circle', () => {
    const bad: Graph = new Map([
      ['src/common/errors.ts', ['src/server/app.ts']],
      ['src/server/app.ts', ['src/common/errors.ts']],
      ['seeds/land.seed.ts', ['src/land/bid/bid.service.ts']],
      ['src/land/bid/bid.service.ts', []],
    ]);
    expect(upwardImports(bad)).toEqual([
      'src/common/errors.ts -> src/server/app.ts (common may not import server)',
      'seeds/land.seed.ts -> src/land/bid/bid.service.ts (seeds imports a domain through its index.ts only)',
    ]);
    expect(importCircles(bad)).toEqual([['src/common/errors.ts', 'src/server/app.ts']]);
  });
});
