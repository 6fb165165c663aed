#!/usr/bin/env node
// Benchmark: @vaultline/resolver against a naive resolver that calls GetSecretValue once per
// reference (what Powertools' getSecret does for each call, minus its cache), over the
// emulator with 25 ms added to every call. Prints one side-by-side table from one run.
//
// Run after the root build: `pnpm build && pnpm --filter @vaultline/resolver bench:resolver`.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../packages/emulator/dist/index.js';
import { createResolver } from '../packages/resolver/dist/index.js';

// The SDK is a dependency of the resolver package (pnpm does not hoist it to bench/).
const fromResolver = createRequire(new URL('../packages/resolver/package.json', import.meta.url));
const { BatchGetSecretValueCommand, GetSecretValueCommand, SecretsManagerClient } = await import(
  pathToFileURL(fromResolver.resolve('@aws-sdk/client-secrets-manager')).href
);
const { GetParameterCommand, SSMClient } = await import(
  pathToFileURL(fromResolver.resolve('@aws-sdk/client-ssm')).href
);

const LATENCY_MS = 25;
const SECRETS = 100;
const CONNECTIONS = 200;
const HIT_SAMPLES = 200_000;
const REGION = 'us-east-2';
const ACCOUNT = '111111111111';

const MIXED = 50;

const name = (i) => `bench/secret-${String(i).padStart(3, '0')}`;
const hostParameter = (i) => `/bench/conn-${i}/host`;
const passwordParameter = (i) => `/bench/conn-${i}/password`;
const scenario = {
  defaultRegion: REGION,
  accounts: [{ id: ACCOUNT }],
  users: [
    {
      name: 'reader',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'secretsmanager:GetSecretValue',
                'secretsmanager:BatchGetSecretValue',
                'secretsmanager:DescribeSecret',
                'ssm:GetParameter',
                'ssm:GetParameters',
                'kms:Decrypt',
              ],
              Resource: '*',
            },
          ],
        },
      ],
    },
  ],
  secrets: Array.from({ length: SECRETS }, (_, i) => ({
    name: name(i),
    value: JSON.stringify({ username: `user${i}`, password: `bench-password-${i}` }),
  })),
  // The mixed connections' parameters: a plain host and a SecureString password each.
  parameters: Array.from({ length: MIXED }, (_, i) => [
    { name: hostParameter(i), value: `db-${i}.internal` },
    { name: passwordParameter(i), type: 'SecureString', value: `bench-ssm-password-${i}` },
  ]).flat(),
};

// Mixed connections: a plain parameter, a SecureString parameter and a secret, as objects and
// in a URL's placeholders (five references each, three distinct values).
const mixedConnections = Object.fromEntries(
  Array.from({ length: MIXED }, (_, i) => [
    `mixed-${i}`,
    {
      host: { parameter: hostParameter(i) },
      password: { parameter: passwordParameter(i) },
      username: { secret: `${name(i)}:username` },
      url: `postgres://\${secret:${name(i)}:username}@\${ssm:${hostParameter(i)}}:5432/orders`,
    },
  ]),
);

// 200 connections over 100 secrets: two properties each, each secret used by two connections.
const connections = Object.fromEntries(
  Array.from({ length: CONNECTIONS }, (_, i) => [
    `conn-${i}`,
    {
      host: `db-${i}.internal`,
      username: { secret: `${name(i % SECRETS)}:username` },
      password: { secret: `${name(i % SECRETS)}:password` },
    },
  ]),
);
const references = Object.values(connections).flatMap((c) => [
  c.username.secret,
  c.password.secret,
]);

/** The naive way: one GetSecretValue per reference, all at once, JSON parsed each time. */
async function naiveResolveAll(client) {
  return Promise.all(
    references.map(async (ref) => {
      const [secretId, key] = ref.split(':');
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      return JSON.parse(out.SecretString)[key];
    }),
  );
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const emu = await startEmulator({ host: '127.0.0.1', port: 0, scenario });
try {
  const { accessKeyId, secretAccessKey } = await emu.control.userCredentials('reader');
  const vault = {
    type: 'aws-secrets-manager',
    authType: 'access-key',
    region: REGION,
    endpoint: emu.url,
    accessKeyId,
    secretAccessKey,
    cache: { ttlSeconds: 300, maxEntries: 1000, maxStaleSeconds: 900 },
  };
  await emu.control.setFault('*', { latencyMs: LATENCY_MS });
  const calls = async () => {
    const counters = await emu.control.counters();
    await emu.control.resetCounters();
    return Object.entries(counters)
      .filter(([action]) => action.startsWith('secretsmanager:'))
      .reduce((sum, [, n]) => sum + n, 0);
  };

  // One round trip, for the "within 3 round trips" target: median of a few single calls.
  const naiveClient = new SecretsManagerClient({
    region: REGION,
    endpoint: emu.url,
    credentials: { accessKeyId, secretAccessKey },
  });
  const trips = [];
  for (let i = 0; i < 7; i += 1) {
    trips.push(
      await timed(() => naiveClient.send(new GetSecretValueCommand({ SecretId: name(0) }))),
    );
  }
  const roundTrip = median(trips);
  // The floor for any batching client here: the same 5 BatchGetSecretValue calls, in
  // parallel, from a bare SDK client. The emulator serves requests one at a time, so their
  // server work adds up where AWS would overlap it.
  const floors = [];
  for (let i = 0; i < 3; i += 1) {
    floors.push(
      await timed(() =>
        Promise.all(
          [0, 1, 2, 3, 4].map((batch) =>
            naiveClient.send(
              new BatchGetSecretValueCommand({
                SecretIdList: Array.from({ length: 20 }, (_, j) => name(batch * 20 + j)),
              }),
            ),
          ),
        ),
      ),
    );
  }
  const floor = median(floors);
  await calls();

  // This resolver.
  const resolver = createResolver({ vault, connections });
  const ours = {};
  ours.coldMs = await timed(() => resolver.resolveAll());
  ours.coldCalls = await calls();
  ours.warmMs = await timed(() => resolver.resolveAll());
  ours.warmCalls = await calls();

  // Cache hits: one getValue of a cached JSON key, timed one by one.
  const ref = `${name(7)}:password`;
  const samples = new Float64Array(HIT_SAMPLES);
  for (let i = 0; i < 10_000; i += 1) await resolver.getValue(ref); // warm up the JIT
  for (let i = 0; i < HIT_SAMPLES; i += 1) {
    const start = process.hrtime.bigint();
    await resolver.getValue(ref);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  const hitNs = median(Array.from(samples));
  await calls();
  await resolver.close();

  // The naive resolver.
  const naive = {};
  naive.coldMs = await timed(() => naiveResolveAll(naiveClient));
  naive.coldCalls = await calls();
  naive.warmMs = await timed(() => naiveResolveAll(naiveClient));
  naive.warmCalls = await calls();
  naiveClient.destroy();

  const ratio = (a, b) => (b === 0 ? (a === 0 ? '=' : '∞') : `${(a / b).toFixed(1)}×`);
  const ms = (v) => `${v.toFixed(1)} ms`;
  const rows = [
    ['', '@vaultline/resolver', 'naive (GetSecretValue per ref)', 'naive / ours'],
    [
      'cold: API calls',
      String(ours.coldCalls),
      String(naive.coldCalls),
      ratio(naive.coldCalls, ours.coldCalls),
    ],
    ['cold: wall time', ms(ours.coldMs), ms(naive.coldMs), ratio(naive.coldMs, ours.coldMs)],
    [
      'warm: API calls',
      String(ours.warmCalls),
      String(naive.warmCalls),
      ratio(naive.warmCalls, ours.warmCalls),
    ],
    ['warm: wall time', ms(ours.warmMs), ms(naive.warmMs), ratio(naive.warmMs, ours.warmMs)],
    ['cache hit (median)', `${(hitNs / 1000).toFixed(2)} µs`, 'no cache', ''],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(
    `\nResolving ${CONNECTIONS} connections (${references.length} references, ${SECRETS} distinct secrets); emulator +${LATENCY_MS} ms per call; one round trip ≈ ${ms(roundTrip)}\n`,
  );
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(
    `\nFloor: the same 5 BatchGetSecretValue calls in parallel from a bare SDK client take ${ms(floor)} (${(floor / roundTrip).toFixed(2)} round trips) on this emulator, which serves requests one at a time.`,
  );
  const coldTrips = ours.coldMs / roundTrip;
  console.log(
    `Targets: cold wall time within 3 round trips: ${coldTrips.toFixed(2)} round trips ${coldTrips <= 3 ? 'PASS' : 'FAIL'}; cache hit < 5 µs median: ${(hitNs / 1000).toFixed(2)} µs ${hitNs < 5000 ? 'PASS' : 'FAIL'}`,
  );

  // A refresh round: the TTL of 100 unchanged, cached secrets runs out and each is read again.
  const modes = [
    ['each read on its own, GetSecretValue (default)', { refreshByDescribe: false }, false],
    ['read together (prefetch, resolveAll), batched', { refreshByDescribe: false }, true],
    ['refreshByDescribe (the sidecar, as AWS agent)', { refreshByDescribe: true }, false],
  ];
  const refreshRows = [['refresh round, 100 unchanged secrets', 'API calls', 'KMS decrypts']];
  const tallies = [];
  for (const [label, options, together] of modes) {
    const tally = await refreshRound(vault, options, together);
    tallies.push(tally);
    const callText = Object.entries(tally.calls)
      .map(([action, n]) => `${n} ${action}`)
      .join(' + ');
    refreshRows.push([label, callText, String(tally.decrypts)]);
  }
  const rWidths = refreshRows[0].map((_, c) => Math.max(...refreshRows.map((r) => r[c].length)));
  const rLine = (r) => `| ${r.map((cell, c) => cell.padEnd(rWidths[c])).join(' | ')} |`;
  console.log('');
  console.log(rLine(refreshRows[0]));
  console.log(`|${rWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of refreshRows.slice(1)) console.log(rLine(r));
  const total = (tally) => Object.values(tally.calls).reduce((a, b) => a + b, 0);
  const [single, , describe] = tallies;
  console.log(
    `\nPer refresh round, DescribeSecret against reads on their own: ${single.calls.GetSecretValue ?? 0} GetSecretValue calls replaced by ${describe.calls.DescribeSecret ?? 0} DescribeSecret, ${total(single) - total(describe)} calls and ${single.decrypts - describe.decrypts} KMS decrypts saved; against batched reads: ${total(describe) - total(tallies[1])} more calls, ${tallies[1].decrypts - describe.decrypts} KMS decrypts saved.`,
  );

  await mixedRounds(vault, { accessKeyId, secretAccessKey });
} finally {
  await emu.close();
}

/**
 * Mixed connections (plain parameter, SecureString, secret), cold then warm, with this
 * resolver and with the naive way (one GetParameter or GetSecretValue per reference), and one
 * such connection alone (the budget: one GetParameters and one Secrets Manager call).
 */
async function mixedRounds(vault, credentials) {
  const byAction = async () => {
    const counters = await emu.control.counters();
    await emu.control.resetCounters();
    return Object.fromEntries(
      Object.entries(counters)
        .filter(([action]) => /^(secretsmanager|ssm):/.test(action))
        .map(([action, n]) => [action.split(':')[1], n]),
    );
  };
  const text = (calls) =>
    Object.entries(calls)
      .map(([action, n]) => `${n} ${action}`)
      .join(' + ') || '0';
  const sum = (calls) => Object.values(calls).reduce((a, b) => a + b, 0);
  await byAction();

  const single = createResolver({ vault, connections: mixedConnections });
  await single.resolveConnection('mixed-0');
  const singleCalls = await byAction();
  await single.close();

  const resolver = createResolver({ vault, connections: mixedConnections });
  const ours = {};
  ours.coldMs = await timed(() => resolver.resolveAll());
  ours.cold = await byAction();
  ours.warmMs = await timed(() => resolver.resolveAll());
  ours.warm = await byAction();
  await resolver.close();

  const clients = {
    ssm: new SSMClient({ region: REGION, endpoint: emu.url, credentials }),
    sm: new SecretsManagerClient({ region: REGION, endpoint: emu.url, credentials }),
  };
  const naive = {};
  await naiveMixed(clients, 1);
  naive.single = await byAction();
  naive.coldMs = await timed(() => naiveMixed(clients));
  naive.cold = await byAction();
  naive.warmMs = await timed(() => naiveMixed(clients));
  naive.warm = await byAction();
  clients.ssm.destroy();
  clients.sm.destroy();

  const ratio = (a, b) => (b === 0 ? (a === 0 ? '=' : '∞') : `${(a / b).toFixed(1)}×`);
  const ms = (v) => `${v.toFixed(1)} ms`;
  const rows = [
    ['mixed connections', '@vaultline/resolver', 'naive (one call per ref)', 'naive / ours'],
    [
      '1 connection, cold: API calls',
      text(singleCalls),
      text(naive.single),
      ratio(sum(naive.single), sum(singleCalls)),
    ],
    [
      `${MIXED} connections, cold: API calls`,
      text(ours.cold),
      text(naive.cold),
      ratio(sum(naive.cold), sum(ours.cold)),
    ],
    ['cold: wall time', ms(ours.coldMs), ms(naive.coldMs), ratio(naive.coldMs, ours.coldMs)],
    ['warm: API calls', text(ours.warm), text(naive.warm), ratio(sum(naive.warm), sum(ours.warm))],
    ['warm: wall time', ms(ours.warmMs), ms(naive.warmMs), ratio(naive.warmMs, ours.warmMs)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(
    `\nMixed connections: ${MIXED}, each a plain parameter, a SecureString parameter and a secret, referenced 5 times (objects and \${ssm:}/\${secret:} placeholders); emulator +${LATENCY_MS} ms per call\n`,
  );
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  const budget = (singleCalls.GetParameters ?? 0) <= 1 && sum(singleCalls) <= 2;
  console.log(
    `Target: one mixed connection, cold, at most one GetParameters and one Secrets Manager call: ${text(singleCalls)} ${budget ? 'PASS' : 'FAIL'}`,
  );
}

/** The naive way for mixed connections: one GetParameter or GetSecretValue per reference. */
async function naiveMixed({ ssm, sm }, count = MIXED) {
  const parameter = (Name) =>
    ssm
      .send(new GetParameterCommand({ Name, WithDecryption: true }))
      .then((o) => o.Parameter.Value);
  const secretKey = async (ref) => {
    const [secretId, key] = ref.split(':');
    const out = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
    return JSON.parse(out.SecretString)[key];
  };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const [host, password, username, urlUser, urlHost] = await Promise.all([
        parameter(hostParameter(i)),
        parameter(passwordParameter(i)),
        secretKey(`${name(i)}:username`),
        secretKey(`${name(i)}:username`),
        parameter(hostParameter(i)),
      ]);
      return { host, password, username, url: `postgres://${urlUser}@${urlHost}:5432/orders` };
    }),
  );
}

/**
 * Loads every secret, moves the clock past the TTL, reads each again (one by one, or all
 * together), and counts the API calls of that second round by action and the KMS decrypts
 * they cost (Secrets Manager decrypts each value it returns; DescribeSecret decrypts nothing).
 */
async function refreshRound(vault, options, together) {
  let now = Date.now();
  const tally = { calls: {}, decrypts: 0 };
  let counting = false;
  const resolver = createResolver(
    { vault },
    {
      ...options,
      now: () => now,
      ttlJitter: 0,
      metrics: {
        onApiCall: (action, info) => {
          if (!counting) return;
          tally.calls[action] = (tally.calls[action] ?? 0) + 1;
          if (action !== 'DescribeSecret' && info.ok) tally.decrypts += info.secrets;
        },
      },
    },
  );
  const ids = Array.from({ length: SECRETS }, (_, i) => name(i));
  await resolver.prefetch(ids);
  now += (vault.cache.ttlSeconds + 1) * 1000;
  counting = true;
  if (together) await resolver.prefetch(ids);
  else for (const id of ids) await resolver.getSecret(id);
  await resolver.close();
  return tally;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
