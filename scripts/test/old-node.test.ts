import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** A system Node older than the project supports, with its npm; the case a new user meets. */
function oldNode(): { bin: string; version: string } | null {
  for (const bin of ['/usr/bin', '/usr/local/bin']) {
    if (!existsSync(join(bin, 'node')) || !existsSync(join(bin, 'npm'))) continue;
    const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
    const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 18) || (major === 23 && minor < 6)) return { bin, version };
  }
  return null;
}

const old = oldNode();
const NO_OLD_NODE = 'no Node older than 22.18 (with npm) in /usr/bin or /usr/local/bin';

describe('npm start / npm test on an unsupported Node', () => {
  it.for(['start', 'test'])('npm %s says in one line to use ./pnpm, and fails', async (script, context) => {
    if (old === null) {
      console.warn(`[runtime] npm ${script} on an old Node: SKIPPED, ${NO_OLD_NODE}`);
      context.skip(NO_OLD_NODE);
      return;
    }
    const failure = await run(join(old.bin, 'npm'), [script], {
      cwd: root,
      env: { PATH: `${old.bin}:/bin`, HOME: process.env.HOME ?? '', npm_config_update_notifier: 'false' },
    }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure, `npm ${script} on ${old.version} must fail`).not.toBeNull();
    expect(failure?.code).not.toBe(0);
    // npm echoes the script on stdout; what the project says is the one line on stderr.
    expect(failure?.stderr.trim()).toBe(
      `food-oms needs Node >= 22.18 (this is ${old.version}): run ./pnpm ${script}, which brings the pinned Node 24.`,
    );
    expect(failure?.stdout).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });
});
