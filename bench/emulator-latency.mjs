// Median latency of the emulator's GetSecretValue, in-process (emulator and client in one
// Node process, real HTTP on 127.0.0.1, real SigV4 verification).
//
//   pnpm --filter @vaultline/emulator build && node bench/emulator-latency.mjs [iterations]
//
// Prints one table: a pre-signed request replayed over a keep-alive connection (what the
// emulator itself costs) beside the AWS SDK v3 client (what a test pays per call).

import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const emulatorDir = new URL('../packages/emulator/', import.meta.url);
const require = createRequire(new URL('package.json', emulatorDir));
const load = (name) => import(require.resolve(name));

const { startEmulator } = await import(new URL('dist/index.js', emulatorDir).href).catch(() => {
  console.error(
    'packages/emulator/dist is missing: run `pnpm --filter @vaultline/emulator build` first.',
  );
  process.exit(1);
});
const { SignatureV4 } = await load('@smithy/signature-v4');
const { Hash } = await load('@smithy/hash-node');
const { HttpRequest } = await load('@smithy/protocol-http');
const { SecretsManagerClient, GetSecretValueCommand } = await load(
  '@aws-sdk/client-secrets-manager',
);

const iterations = Number(process.argv[2] ?? 2000);
const warmup = Math.min(200, iterations);
const scenario = fileURLToPath(
  new URL('../examples/scenarios/single-account.yaml', import.meta.url),
);

const emu = await startEmulator({ scenario });
const credentials = await emu.control.userCredentials('developer');
const region = 'us-east-2';

// A request signed once and replayed: the client side costs almost nothing.
const body = JSON.stringify({ SecretId: 'prod/db' });
const signer = new SignatureV4({
  credentials,
  region,
  service: 'secretsmanager',
  sha256: Hash.bind(null, 'sha256'),
});
const signed = await signer.sign(
  new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: emu.port,
    path: '/',
    headers: {
      host: `127.0.0.1:${emu.port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  }),
);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const raw = () =>
  new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: emu.port,
        method: 'POST',
        path: '/',
        headers: signed.headers,
        agent,
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });

const sdk = new SecretsManagerClient({ endpoint: emu.url, region, credentials });
const viaSdk = () => sdk.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));

async function measure(fn) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p90: at(0.9), p99: at(0.99) };
}

const rows = [
  ['emulator (pre-signed, keep-alive)', await measure(raw)],
  ['AWS SDK v3 client -> emulator', await measure(viaSdk)],
];
const calls = (await emu.control.counters())['secretsmanager:GetSecretValue'];
agent.destroy();
sdk.destroy();
await emu.close();

const fmt = (ms) => `${ms.toFixed(3)} ms`.padStart(10);
console.log(
  `GetSecretValue, ${iterations} sequential calls after ${warmup} warm-up (${calls} counted by the emulator)`,
);
console.log(
  `${'path'.padEnd(36)}${'median'.padStart(10)}${'p90'.padStart(10)}${'p99'.padStart(10)}`,
);
for (const [name, r] of rows)
  console.log(`${name.padEnd(36)}${fmt(r.median)}${fmt(r.p90)}${fmt(r.p99)}`);
