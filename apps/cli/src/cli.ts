import { run } from './program.js';

// The entry of the bundle (dist/vaultline.cjs), loaded by the bin dist/cli.js (src/bin.cjs)
// once it has checked the Node version.
const argv = process.argv.slice(2);
// The environment the commands see (and `exec` passes on): the user's, as it was.
const env = { ...process.env };

void run(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
