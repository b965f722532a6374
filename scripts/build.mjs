// Plain JavaScript, like require-node.mjs, so that an unsupported Node is told what to do
// before anything else runs. Usage: node scripts/build.mjs
//
// Writes each workspace package's src/**/*.ts as dist/**/*.js, types erased by the very
// transform Node's own type stripping applies when it loads a .ts file
// (module.stripTypeScriptTypes, mode "strip": every type becomes spaces, so each line and
// column of dist is the one of src, and a stack trace points at the source line). The API
// then starts from dist (package.json's start, with the food-oms-dist export condition):
// the process carries no TypeScript transformer, which was about a quarter of its memory at
// rest. Built anew on every start, so dist can never be older than src.
import './require-node.mjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(import.meta.dirname, '..');

/** The workspace packages that have sources: packages/* and apps/*. */
export function workspacePackages(root = ROOT) {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'src')))
      .map((entry) => join(root, group, entry.name)),
  );
}

/**
 * Relative specifiers of static imports and exports and of import(): `./x.ts` becomes
 * `./x.js`. Bare specifiers (other packages) are left to the export conditions.
 */
const RELATIVE_TS_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g;

/** One .ts module as the .js Node would run. */
export function compile(source) {
  const { stripTypeScriptTypes } = nodeModule;
  if (typeof stripTypeScriptTypes !== 'function') {
    throw new Error(`building needs Node >= 22.18 (this is ${process.version}): run ./pnpm start`);
  }
  return stripTypeScriptTypes(source, { mode: 'strip' }).replace(
    RELATIVE_TS_SPECIFIER,
    (_match, keyword, quote, path) => `${keyword}${quote}${path}.js${quote}`,
  );
}

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * Builds one package's dist: into a directory of its own first, then swapped in, so a
 * process starting meanwhile never sees half a tree, and two builds at once (of the same
 * sources) leave one of their equal trees.
 */
export function buildPackage(packageDir) {
  const src = join(packageDir, 'src');
  const dist = join(packageDir, 'dist');
  const fresh = `${dist}.${process.pid}.tmp`;
  const stale = `${dist}.${process.pid}.old`;
  rmSync(fresh, { recursive: true, force: true });
  let files = 0;
  for (const file of typescriptFiles(src)) {
    const target = join(fresh, relative(src, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, compile(readFileSync(file, 'utf8')));
    files++;
  }
  if (existsSync(dist)) renameSync(dist, stale);
  try {
    renameSync(fresh, dist);
  } catch (error) {
    // Another build put its tree there between our two renames: the same sources, kept.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    rmSync(fresh, { recursive: true, force: true });
  }
  rmSync(stale, { recursive: true, force: true });
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // stripTypeScriptTypes announces itself as experimental on first use; this script is its
  // one caller, and the warning would be the first line of every start of the API.
  process.removeAllListeners('warning');
  for (const packageDir of workspacePackages()) buildPackage(packageDir);
}
