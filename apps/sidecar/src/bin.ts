#!/usr/bin/env node
import { applyV8Defaults } from './v8-defaults.js';

// Before anything else is loaded, so the bundled AWS SDK is already allocated under it.
applyV8Defaults(process.env, process.execArgv);

async function main(): Promise<void> {
  const { SidecarError } = await import('./errors.js');
  const { SIDECAR_HELP } = await import('./help.js');
  const { parseSidecarFlags } = await import('./settings-sources.js');
  const { startSidecar } = await import('./sidecar.js');
  const argv = process.argv.slice(2);
  if (parseSidecarFlags(argv).help) {
    process.stdout.write(SIDECAR_HELP);
    return;
  }
  let sidecar: Awaited<ReturnType<typeof startSidecar>>;
  try {
    sidecar = await startSidecar({ argv });
  } catch (error) {
    const message =
      error instanceof SidecarError
        ? `vaultline-sidecar: ${error.message}\n`
        : `vaultline-sidecar: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`;
    process.stderr.write(message);
    process.exit(error instanceof SidecarError && error.code === 'INVALID_SETTINGS' ? 2 : 1);
  }
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
  process.stderr.write(
    `vaultline-sidecar: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`,
  );
  process.exit(1);
});
