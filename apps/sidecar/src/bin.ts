#!/usr/bin/env node
import { SidecarError } from './errors.js';
import { SIDECAR_HELP } from './help.js';
import { parseSidecarFlags } from './settings-sources.js';
import { startSidecar } from './sidecar.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (parseSidecarFlags(argv).help) {
    process.stdout.write(SIDECAR_HELP);
    return;
  }
  const sidecar = await startSidecar({ argv });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sidecar.logger.info({ signal }, 'stopping: finishing in-flight requests');
    sidecar.close().then(
      () => process.exit(0),
      (error: unknown) => {
        sidecar.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof SidecarError
      ? `vaultline-sidecar: ${error.message}\n`
      : `vaultline-sidecar: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`;
  process.stderr.write(message);
  process.exit(error instanceof SidecarError && error.code === 'INVALID_SETTINGS' ? 2 : 1);
});
