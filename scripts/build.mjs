// Plain JavaScript, like require-node.mjs, so that an unsupported Node is told what to do
// before anything else runs. Usage: node scripts/build.mjs
//
// Writes each workspace package's src/**/*.ts as dist/**/*.js, types erased by the very
// transform Node's own type stripping applies when it loads a .ts file
// (module.stripTypeScriptTypes, mode "strip": every type becomes spaces, so each line and
// column of dist is the one of src, and a stack trace points at the source line). The API
// then starts from dist (package.json's start, with the food-oms-dist export condition):
// the process carries no TypeScript transformer, which was about a quarter of its memory at
// rest. Checked on every start, so dist can never be older than src; what is up to date is
// only read.
import './require-node.mjs';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

function* filesUnder(dir, suffix) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path, suffix);
    else if (entry.name.endsWith(suffix)) yield path;
  }
}

/** A temporary file of a build (see writeAtomically), and the process it belongs to. */
const TEMPORARY = /\.(\d+)\.tmp$/;

/** Is the process still running? A build's temporary file is its own until it ends. */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The file written whole or not at all: a process reading it meanwhile sees the old one or the new. */
function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Brings one package's dist up to date with its src, file by file: a file whose built text is
 * already there is left alone (an up-to-date tree is only read, so a read-only checkout that was
 * built once still starts), a changed one is replaced atomically, and a built file whose source
 * is gone is removed. Two builds at once write the same text, each through its own temporary
 * file, and a process starting meanwhile never reads half a file. Returns how many modules
 * the package has, and how many of them were written.
 */
export function buildPackage(packageDir) {
  const src = join(packageDir, 'src');
  const dist = join(packageDir, 'dist');
  const built = new Set();
  let written = 0;
  for (const file of filesUnder(src, '.ts')) {
    if (file.endsWith('.d.ts')) continue;
    const target = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
    built.add(target);
    let text;
    try {
      text = compile(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${relative(ROOT, file)}: ${error.message}`, { cause: error });
    }
    if (existsSync(target) && readFileSync(target, 'utf8') === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeAtomically(target, text);
    written++;
  }
  for (const file of filesUnder(dist, '')) {
    if (built.has(file)) continue;
    // Only what a build leaves: a module whose source is gone, or the temporary file of a build
    // that died before its rename (one still running is left to finish).
    const temporary = TEMPORARY.exec(file);
    const abandoned = temporary !== null && !running(Number(temporary[1]));
    if ((temporary === null && file.endsWith('.js')) || abandoned) rmSync(file, { force: true });
  }
  return { modules: built.size, written };
}

/** Run as a script (also through a symbolic link), not imported by the tests. */
function runAsScript() {
  return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (runAsScript()) {
  // stripTypeScriptTypes announces itself as experimental on its first use, which would be the
  // first line of every start of the API; every other warning is printed as Node prints it.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && warning.message.includes('stripTypeScriptTypes')) return;
    console.error(`(node:${process.pid}) ${warning.name}: ${warning.message}`);
  });
  for (const packageDir of workspacePackages()) buildPackage(packageDir);
}
