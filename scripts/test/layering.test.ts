import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkPackageLayers } from '../check-package-layers.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'scripts', 'fixtures', 'layering-violation');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

async function cruise(cwd: string, ...paths: string[]): Promise<{ code: number; output: string }> {
  const args = ['--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err', ...paths];
  try {
    const { stdout, stderr } = await run(depcruise, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

// The checks prove themselves on a deliberately broken miniature of the workspace, so a
// rule that silently stopped matching (a renamed folder, a typo in a regex) fails here.
describe('dependency direction', () => {
  it('fails on every kind of import-level violation', async () => {
    const { code, output } = await cruise(fixture, 'packages');
    expect(code).not.toBe(0);
    expect(output).toMatch(/domain-is-pure: packages\/domain\/src\/order\.ts → packages\/adapters-mongo/);
    expect(output).toMatch(
      /application-depends-on-domain-only: packages\/application\/src\/place-order\.ts → packages\/adapters-http/,
    );
    expect(output).toMatch(
      /application-depends-on-domain-only: packages\/application\/src\/place-order\.ts → \S*node_modules\/\S*typescript/,
    );
    expect(output).toMatch(
      /adapters-do-not-import-each-other: packages\/adapters-http\/src\/index\.ts → packages\/adapters-mongo/,
    );
  });

  it('grants the application no Node built-in, not even node:crypto, in its code or its test support', async () => {
    const { output } = await cruise(fixture, 'packages');
    expect(output).toMatch(
      /application-depends-on-domain-only: packages\/application\/src\/place-order\.ts → crypto/,
    );
    expect(output).toMatch(
      /application-testing-uses-test-tools-only: packages\/application\/src\/testing\/fake-hasher\.ts → crypto/,
    );
  });

  it('lets tests, and only tests, run on the embedded store', async () => {
    const { output } = await cruise(fixture, 'packages');
    expect(output).toMatch(
      /inner-layers-use-no-adapter-outside-tests: packages\/application\/src\/place-order\.ts → packages\/adapters-memory/,
    );
    expect(output).toMatch(
      /adapters-use-no-adapter-outside-tests: packages\/adapters-http\/src\/index\.ts → packages\/adapters-memory/,
    );
    expect(output).toMatch(
      /inner-layers-import-no-adapter: packages\/application\/test\/place-order\.test\.ts → packages\/adapters-mongo/,
    );
    expect(output).not.toMatch(
      /packages\/application\/test\/place-order\.test\.ts → packages\/adapters-memory/,
    );
  });

  it('lets the bench import a package only through its entry point', async () => {
    const { output } = await cruise(fixture, 'bench');
    expect(output).toMatch(
      /bench-uses-public-exports-only: bench\/run\.ts → packages\/adapters-mongo\/src\/order-document\.ts/,
    );
    expect(output).not.toMatch(/bench\/run\.ts → packages\/adapters-mongo\/src\/index\.ts/);
  });

  it('allows no exception: no rule lets any package import a Node built-in by name', () => {
    // A rule that named a module to let it through (as '^crypto$' once did) is an exception.
    const rules = JSON.stringify(require(join(root, '.dependency-cruiser.cjs')).forbidden);
    expect(rules).not.toMatch(/\^(node:)?[a-z_]+\$/);
  });

  it('passes on the real workspace', async () => {
    const { code, output } = await cruise(root, 'packages', 'apps', 'bench');
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fails on every kind of package.json violation', () => {
    expect(checkPackageLayers(fixture)).toEqual(
      expect.arrayContaining([
        'packages/domain/package.json: the domain has no runtime dependencies, found zod',
        'packages/application/package.json: @food-oms/application must not depend on @food-oms/adapters-mongo',
        'packages/adapters-http/package.json: @food-oms/adapters-http must not depend on @food-oms/adapters-mongo',
        'packages/adapters-http/package.json: only apps/ wire the container; @food-oms/adapters-http depends on tsyringe',
        'packages/adapters-mongo/package.json: @food-oms/adapters-mongo must not depend on @food-oms/adapters-http',
        'packages/application/package.json: @food-oms/application must not depend on @food-oms/adapters-memory',
      ]),
    );
  });

  it('finds no package.json violation in the real workspace', () => {
    expect(checkPackageLayers(root)).toEqual([]);
  });
});
