// The dependency direction as declared in each package.json (STYLE §1), next to the
// import-level check of .dependency-cruiser.cjs: a dependency that is declared but not
// yet imported is a violation too. Usage: node scripts/check-package-layers.ts [root]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const SCOPE = '@food-oms/';

/** The embedded store: an adapter, and the one package tests of inner layers may run on. */
const TEST_BED = `${SCOPE}adapters-memory`;

/** Which workspace packages each layer may depend on; `null` means any (the composition root). */
function allowedWorkspaceDeps(name: string): readonly string[] | null {
  if (name === `${SCOPE}domain`) return [];
  if (name === `${SCOPE}application`) return [`${SCOPE}domain`];
  if (name.startsWith(`${SCOPE}adapters-`)) return [`${SCOPE}domain`, `${SCOPE}application`];
  return null;
}

/** What a package's tests may add to its layer (devDependencies only). */
function allowedTestDeps(name: string): readonly string[] {
  if (name === `${SCOPE}application` || (name.startsWith(`${SCOPE}adapters-`) && name !== TEST_BED)) {
    return [TEST_BED];
  }
  return [];
}

export function checkPackageLayers(root: string): string[] {
  const problems: string[] = [];
  for (const group of ['packages', 'apps']) {
    let dirs: string[];
    try {
      dirs = readdirSync(join(root, group));
    } catch {
      continue;
    }
    for (const dir of dirs) {
      const file = join(root, group, dir, 'package.json');
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      } catch {
        continue;
      }
      const where = relative(root, file);
      const runtime = Object.keys(manifest.dependencies ?? {});
      const dev = Object.keys(manifest.devDependencies ?? {});
      const all = [...runtime, ...dev];
      const allowed = allowedWorkspaceDeps(manifest.name);
      const forTests = allowedTestDeps(manifest.name);
      if (group === 'packages' && allowed === null) {
        problems.push(`${where}: ${manifest.name} is in packages/ but is no known layer`);
      }
      if (manifest.name === `${SCOPE}domain` && runtime.length > 0) {
        problems.push(`${where}: the domain has no runtime dependencies, found ${runtime.join(', ')}`);
      }
      if (manifest.name === `${SCOPE}application`) {
        for (const dep of runtime.filter((d) => !d.startsWith(SCOPE))) {
          problems.push(`${where}: the application depends only on ports, found ${dep}`);
        }
      }
      for (const dep of all.filter((d) => d.startsWith(SCOPE))) {
        const testOnly = dev.includes(dep) && !runtime.includes(dep) && forTests.includes(dep);
        if (allowed !== null && !allowed.includes(dep) && !testOnly) {
          problems.push(`${where}: ${manifest.name} must not depend on ${dep}`);
        }
      }
      if (group !== 'apps' && all.includes('tsyringe')) {
        problems.push(`${where}: only apps/ wire the container; ${manifest.name} depends on tsyringe`);
      }
    }
  }
  return problems;
}

if (import.meta.main) {
  const root = process.argv[2] ?? process.cwd();
  const problems = checkPackageLayers(root);
  for (const problem of problems) console.error(`layering: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.warn('layering: package.json dependencies follow domain ← application ← adapters ← apps');
}
