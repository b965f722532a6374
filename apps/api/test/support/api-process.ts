import { spawn } from 'node:child_process';
import { API_MAIN, type LaunchedServer, launchServer } from '../../src/launcher.ts';

export type ApiProcess = LaunchedServer;

/**
 * Starts the real composition root (`node apps/api/src/main.ts`, the README's command) on
 * a free port with `env` on top of a clean environment (logging at info unless `env` says
 * otherwise), and resolves once it listens.
 */
export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  return launchServer({ env: { LOG_LEVEL: 'info', ...env } });
}

/** Runs main.ts to completion (for start-up failures) and returns its exit code and output. */
export async function runApiToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [API_MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
