import { setFlagsFromString } from 'node:v8';

/** The V8 flag the bin sets unless the operator already chose one or opted out. */
export const SIDECAR_V8_FLAG = '--optimize-for-size';

/**
 * Applies the sidecar's V8 default: `--optimize-for-size`, which makes V8 grow the heap less
 * eagerly and compact more, at some cost in peak JavaScript speed. A sidecar holds a cache
 * next to the application it serves and spends its CPU in socket writes, so memory is the
 * scarcer resource: with 10,000 cached 4 KiB secrets it keeps the process about 70 MB
 * smaller, with no measurable loss of throughput in bench/sidecar.mjs. It is set at run
 * time (V8 reads it at each GC), so it also applies when started as `node bin.js`.
 * `VAULTLINE_SIDECAR_V8_DEFAULTS=0`, or any V8 flag in NODE_OPTIONS or on the command line
 * that mentions it, leaves V8 as configured. Returns whether the flag was set.
 *
 * @example
 * applyV8Defaults(process.env, process.execArgv); // true
 */
export function applyV8Defaults(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  if (env.VAULTLINE_SIDECAR_V8_DEFAULTS === '0') return false;
  const given = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  if (given.includes('optimize-for-size') || given.includes('optimize_for_size')) return false;
  setFlagsFromString(SIDECAR_V8_FLAG);
  return true;
}
