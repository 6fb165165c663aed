import { run } from './program.js';

const argv = process.argv.slice(2);
// The environment the commands see (and `exec` passes on): the user's, as it was.
const env = { ...process.env };

// The AWS SDK warns on every run (NodeVersionSupportWarning) that its releases from 2027
// need Node 22; vaultline supports Node 20.19+ (package.json), so the notice is noise on
// every command. The SDK's own switch turns it off in this process only, unless the user
// set the switch or asked for --verbose.
const WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
if (process.env[WARNING_SWITCH] === undefined && !argv.includes('--verbose')) {
  process.env[WARNING_SWITCH] = 'true';
}

void run(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
