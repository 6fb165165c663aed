#!/usr/bin/env node
// The `vaultline-sidecar` bin, copied to dist/bin.js by the build (tsup.config.ts). It is
// plain JavaScript that any Node.js with ES modules can parse, and loads nothing before it
// has checked the version: on an unsupported Node it prints one line and exits 2, instead
// of failing somewhere in the bundle with a stack trace. Then it runs the sidecar from the
// package's bundle, dist/index.js.
const SUPPORTED = '^22.12.0 || >=24'; // engines.node of package.json (a test keeps them equal)
const [major, minor] = process.versions.node.split('.').map(Number);

if (major >= 24 || (major === 22 && minor >= 12)) {
  import('./index.js').then(({ runSidecarCommand }) =>
    runSidecarCommand(process.argv.slice(2), 'vaultline-sidecar'),
  );
} else {
  process.stderr.write(
    `vaultline-sidecar: Node.js ${process.versions.node} (${process.execPath}) is not supported; use Node.js 22 (22.12 or later), 24 or newer (engines: ${SUPPORTED})\n`,
  );
  process.exitCode = 2;
}
