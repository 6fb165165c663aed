import { run } from './program.js';

// The entry of the bundle (dist/vaultline.cjs), loaded by the bin dist/cli.js (src/bin.cjs)
// once it has checked the Node version.
const argv = process.argv.slice(2);
// The environment the commands see (and `exec` passes on): the user's, as it was.
const env = { ...process.env };

// A reader that stops early (`vaultline --help | head -1`) closes the pipe: stop quietly, as
// other command-line tools do, not with a stack trace of the unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

void run(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
