import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript without declarations, so that an old Node can run it.
import { buildPackage, compile, workspacePackages } from '../build.mjs';

const root = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'food-oms-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .sort();
}

describe('the build (node scripts/build.mjs, the first step of ./pnpm start)', () => {
  it('erases types in place, so every line and column stays where the source has it', () => {
    const source = [
      "import type { Order } from './order.ts';",
      "import { ValidationError, type Violation } from './errors.ts';",
      'export function total(order: Order, extra: number = 0): number {',
      '  const faults: Violation[] = [];',
      '  return order.totalCents + extra + faults.length;',
      '}',
    ].join('\n');
    const built: string = compile(source);
    expect(built.split('\n')).toHaveLength(6);
    expect(built).not.toMatch(/Order\b|Violation|: number/);
    expect(built.split('\n')[2]?.indexOf('total(order')).toBe(source.split('\n')[2]?.indexOf('total(order'));
    expect(built.split('\n')[4]).toBe(source.split('\n')[4]);
  });

  it('points relative imports at the built .js files and leaves packages to their exports', () => {
    const built: string = compile(
      [
        "import { a } from './a.ts';",
        "export { b } from '../b/b.ts';",
        "export * from './c.ts';",
        "import './d.ts';",
        "const e = await import('./e.ts');",
        "import { z } from 'zod';",
        "import { Order } from '@food-oms/domain';",
        "const name = 'menu.ts';",
      ].join('\n'),
    );
    expect(built.split('\n')).toEqual([
      "import { a } from './a.js';",
      "export { b } from '../b/b.js';",
      "export * from './c.js';",
      "import './d.js';",
      "const e = await import('./e.js');",
      "import { z } from 'zod';",
      "import { Order } from '@food-oms/domain';",
      "const name = 'menu.ts';",
    ]);
  });

  it.each((workspacePackages(root) as string[]).map((dir): [string, string] => [relative(root, dir), dir]))(
    '%s: every source module becomes a .js module of the same lines, importing no .ts',
    (_name, packageDir) => {
      const copy = join(scratch, basename(packageDir));
      cpSync(join(packageDir, 'src'), join(copy, 'src'), { recursive: true });
      const sources = filesUnder(join(copy, 'src'), '.ts');
      expect(buildPackage(copy)).toEqual({ modules: sources.length, written: sources.length });
      expect(filesUnder(join(copy, 'dist'), '.js')).toEqual(
        sources.map((file) => file.replace(/\.ts$/, '.js')),
      );
      for (const file of sources) {
        const source = readFileSync(join(copy, 'src', file), 'utf8');
        const built = readFileSync(join(copy, 'dist', file.replace(/\.ts$/, '.js')), 'utf8');
        expect(built.split('\n').length, file).toBe(source.split('\n').length);
        expect(built, file).not.toMatch(/(from\s*|import\s*\(\s*|import\s+)['"]\.{1,2}\/[^'"]*\.ts['"]/);
      }
      // Built again: an up-to-date tree is only read.
      expect(buildPackage(copy)).toEqual({ modules: sources.length, written: 0 });
      expect(readdirSync(copy).sort()).toEqual(['dist', 'src']);
    },
  );

  it('rewrites what changed, removes what lost its source, sweeps unfinished files, leaves the rest', () => {
    const copy = join(scratch, 'changes');
    mkdirSync(join(copy, 'src', 'nested'), { recursive: true });
    writeFileSync(join(copy, 'src', 'a.ts'), 'export const a: number = 1;\n');
    writeFileSync(join(copy, 'src', 'nested', 'b.ts'), "export { a } from '../a.ts';\n");
    writeFileSync(join(copy, 'src', 'gone.ts'), 'export const gone = true;\n');
    expect(buildPackage(copy)).toEqual({ modules: 3, written: 3 });
    const untouched = statSync(join(copy, 'dist', 'nested', 'b.js')).mtimeMs;

    writeFileSync(join(copy, 'src', 'a.ts'), 'export const a: number = 2;\n');
    rmSync(join(copy, 'src', 'gone.ts'));
    // A build that died mid-write (no such process), and one still writing (this very one).
    const dead = 2 ** 22 + 1;
    writeFileSync(join(copy, 'dist', `a.js.${dead}.tmp`), 'half a file');
    writeFileSync(join(copy, 'dist', `nested/b.js.${process.pid}.tmp`), 'being written');
    expect(buildPackage(copy)).toEqual({ modules: 2, written: 1 });
    expect(filesUnder(join(copy, 'dist'), '.js')).toEqual(['a.js', join('nested', 'b.js')]);
    expect(filesUnder(join(copy, 'dist'), '.tmp')).toEqual([join('nested', `b.js.${process.pid}.tmp`)]);
    expect(readFileSync(join(copy, 'dist', 'a.js'), 'utf8')).toBe('export const a         = 2;\n');
    expect(statSync(join(copy, 'dist', 'nested', 'b.js')).mtimeMs).toBe(untouched);
  });

  it('names the source a build cannot compile, and leaves nothing half written', () => {
    const copy = join(scratch, 'broken');
    mkdirSync(join(copy, 'src'), { recursive: true });
    writeFileSync(join(copy, 'src', 'fine.ts'), 'export const fine = 1;\n');
    writeFileSync(join(copy, 'src', 'status.ts'), 'export enum Status { Open }\n');
    expect(() => buildPackage(copy)).toThrow(/broken[/\\]src[/\\]status\.ts: .*enum/i);
    expect(filesUnder(join(copy, 'dist'), '.tmp')).toEqual([]);
  });

  it('runs the API from dist under the food-oms-dist condition, and from src without it', () => {
    const PACKAGES = [
      'domain',
      'application',
      'adapters-memory',
      'adapters-mongo',
      'adapters-node',
      'adapters-http',
      'api',
    ].map((name) => `@food-oms/${name}`);
    const resolve = (conditions: string[]) =>
      execFileSync(
        process.execPath,
        [
          ...conditions,
          '--input-type=module',
          '-e',
          `for (const name of ${JSON.stringify(PACKAGES)}) console.log(import.meta.resolve(name));`,
        ],
        { cwd: join(root, 'apps', 'api'), encoding: 'utf8' },
      )
        .trim()
        .split('\n');
    const built = resolve(['--conditions=food-oms-dist']);
    expect(built).toHaveLength(PACKAGES.length);
    for (const url of built) expect(url).toMatch(/\/dist\/index\.js$/);
    for (const url of resolve([])) expect(url).toMatch(/\/src\/index\.ts$/);
    const start: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
    expect(start).toBe(
      'node scripts/build.mjs && exec node --conditions=food-oms-dist --no-experimental-strip-types apps/api/dist/main.js',
    );
  });
});
