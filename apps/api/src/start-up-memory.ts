import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives start-up's garbage back to the operating system: one full, memory-reducing collection
 * (V8's "last resort" kind, which also shrinks the young generation that loading the modules
 * and compiling the schemas grew to its largest), once, when the service is prepared (main.ts
 * runs it just before the instance is ready). Without it an idle instance kept about 17 MiB
 * of it resident (bench/README.md, History). It blocks for that one collection, tens of
 * milliseconds; under load the young generation grows again as the work asks.
 *
 * V8 hands that collection only to the `gc` function of --expose-gc. The flag is on just for
 * taking `gc` out of a fresh context and off again at once, so no global `gc` appears in this
 * process's context or in any context made later.
 */
export function releaseStartUpMemory(): void {
  setFlagsFromString('--expose-gc');
  let gc: unknown;
  try {
    gc = runInNewContext('gc');
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc === 'function') gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
