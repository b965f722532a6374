import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
      const count: number = buildPackage(copy);
      const sources = filesUnder(join(copy, 'src'), '.ts');
      expect(count).toBe(sources.length);
      expect(filesUnder(join(copy, 'dist'), '.js')).toEqual(
        sources.map((file) => file.replace(/\.ts$/, '.js')),
      );
      for (const file of sources) {
        const source = readFileSync(join(copy, 'src', file), 'utf8');
        const built = readFileSync(join(copy, 'dist', file.replace(/\.ts$/, '.js')), 'utf8');
        expect(built.split('\n').length, file).toBe(source.split('\n').length);
        expect(built, file).not.toMatch(/(from\s*|import\s*\(\s*|import\s+)['"]\.{1,2}\/[^'"]*\.ts['"]/);
      }
      // Built again over the old tree: replaced whole, nothing left beside it.
      expect(buildPackage(copy)).toBe(count);
      expect(readdirSync(copy).sort()).toEqual(['dist', 'src']);
    },
  );

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
      'node scripts/build.mjs && exec node --conditions=food-oms-dist apps/api/dist/main.js',
    );
  });
});
