// The installed `vaultline` bin, as a user runs it: --version; `vaultline emulator` in the
// background with `vaultline get` against it; `vaultline sidecar` on that emulator, asked for
// /ping and a secret; `vaultline dev` in an empty folder, asked what it prints to try. Every
// server listens on 127.0.0.1 and is stopped (SIGTERM, then SIGKILL) whatever happens.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, failureOf, run, startServer } from '../process.mjs';
import { copyScenario, writeConfig } from '../world.mjs';

const COMMAND_TIMEOUT_MS = 30_000;
const SECRET = { ref: 'prod/orders/db:password', value: 'consumer-test-password' };

async function fetchText(url, headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}

/** Checks the CLI of `cli` ({ name, manifest }), installed in `projectDir`. */
export async function checkCli(report, projectDir, cli) {
  const bin = join(projectDir, 'node_modules', '.bin', 'vaultline');
  const dir = join(projectDir, 'cli');
  mkdirSync(dir, { recursive: true });
  const env = childEnv({ XDG_CACHE_HOME: join(projectDir, '.cache') });
  const vaultline = async (args, extraEnv = {}) => {
    const result = await run(bin, args, {
      cwd: dir,
      env: { ...env, ...extraEnv },
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    if (result.code !== 0)
      throw new Error(`vaultline ${args.join(' ')}: ${failureOf(result, COMMAND_TIMEOUT_MS)}`);
    return result.stdout;
  };

  await report.check('vaultline --version prints the package version', async () => {
    const printed = (await vaultline(['--version'])).trim();
    if (printed !== cli.manifest.version)
      throw new Error(`printed '${printed}', ${cli.name} is ${cli.manifest.version}`);
    return printed;
  });

  let emulator;
  const emulatorStarted = await report.check(
    'vaultline emulator runs in the background',
    async () => {
      emulator = await startServer(
        bin,
        ['emulator', '--scenario', copyScenario(dir), '--port', '0'],
        {
          cwd: dir,
          env,
          ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
        },
      );
      return emulator.match[1];
    },
  );
  try {
    if (!emulatorStarted) {
      report.fail(`vaultline get ${SECRET.ref}`, 'no emulator to read from (see above)');
      report.fail('vaultline sidecar', 'no emulator to read from (see above)');
    } else {
      await checkGetAndSidecar(report, { bin, dir, env, url: emulator.match[1], vaultline });
    }
  } finally {
    await emulator?.stop();
  }
  await checkDev(report, { bin, projectDir, env });
}

/** `export AWS_ACCESS_KEY_ID='...'` lines (what `eval "$(vaultline emulator credentials X)"` runs) as an object. */
const exportedVariables = (text) =>
  Object.fromEntries(
    [...text.matchAll(/^export (AWS_\w+)='([^']*)'$/gm)].map(([, name, value]) => [name, value]),
  );

async function checkGetAndSidecar(report, { bin, dir, env, url, vaultline }) {
  let keys;
  const configured = await report.check('vaultline emulator credentials developer', async () => {
    keys = exportedVariables(await vaultline(['emulator', 'credentials', 'developer']));
    if (!keys.AWS_ACCESS_KEY_ID || !keys.AWS_SECRET_ACCESS_KEY)
      throw new Error('no export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY lines');
    writeConfig(dir, url);
    return `export lines for AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; config written for ${url}`;
  });
  if (!configured) return;
  const userEnv = { ...env, ...keys };
  await report.check(`vaultline get ${SECRET.ref}`, async () => {
    const printed = await vaultline(['--config', 'vaultline.yaml', 'get', SECRET.ref], keys);
    if (printed.trim() !== SECRET.value)
      throw new Error(
        `printed ${JSON.stringify(printed.slice(0, 80))}, expected the scenario's value`,
      );
    return 'printed the value';
  });

  const token = randomBytes(32).toString('hex'); // the sidecar wants 32+ random characters
  let sidecar;
  const started = await report.check('vaultline sidecar starts', async () => {
    sidecar = await startServer(
      bin,
      ['sidecar', '--vaultline-config', 'vaultline.yaml', '--http-port', '0'],
      {
        cwd: dir,
        env: { ...userEnv, AWS_TOKEN: token },
        ready: /^(?=.*listening).*?(http:\/\/127\.0\.0\.1:\d+)/m, // a log line saying listening, with the URL
      },
    );
    return sidecar.match[1];
  });
  try {
    if (!started) return;
    const base = sidecar.match[1];
    await report.check('vaultline sidecar answers /ping', async () => {
      const { status, text } = await fetchText(`${base}/ping`);
      if (status !== 200 || text.trim() !== 'healthy')
        throw new Error(`${status} ${text.slice(0, 200)}`);
      return 'healthy';
    });
    await report.check('vaultline sidecar answers a secret', async () => {
      const { status, text } = await fetchText(
        `${base}/secretsmanager/get?secretId=prod/orders/db`,
        {
          'X-Aws-Parameters-Secrets-Token': token,
        },
      );
      if (status !== 200) throw new Error(`${status} ${text.slice(0, 300)}`);
      if (JSON.parse(JSON.parse(text).SecretString).password !== SECRET.value)
        throw new Error('a different value');
      return 'GET /secretsmanager/get?secretId=prod/orders/db: 200, the value';
    });
  } finally {
    const stopped = await sidecar?.stop();
    if (stopped)
      report.note(`vaultline sidecar stopped on SIGTERM (exit ${stopped.signal ?? stopped.code})`);
  }
}

async function checkDev(report, { bin, projectDir, env }) {
  const dir = join(projectDir, 'dev'); // empty: the scenario must come with the CLI
  mkdirSync(dir, { recursive: true });
  let dev;
  try {
    await report.check('vaultline dev: its sidecar answers the curl it prints', async () => {
      dev = await startServer(bin, ['dev'], {
        cwd: dir,
        env,
        ready:
          /curl -H 'X-Aws-Parameters-Secrets-Token: ([^']+)' '(http:\/\/127\.0\.0\.1:\d+)([^']*)'/,
      });
      const [, token, base, path] = dev.match;
      const ping = await fetchText(`${base}/ping`);
      if (ping.status !== 200) throw new Error(`/ping: ${ping.status} ${ping.text.slice(0, 200)}`);
      const { status, text } = await fetchText(`${base}${path}`, {
        'X-Aws-Parameters-Secrets-Token': token,
      });
      if (status !== 200 || typeof JSON.parse(text).SecretString !== 'string')
        throw new Error(`${path}: ${status} ${text.slice(0, 300)}`);
      return `${path}: 200`;
    });
  } finally {
    await dev?.stop();
  }
}
