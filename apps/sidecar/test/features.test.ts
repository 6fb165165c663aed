import { rename, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarError, startSidecar } from '../src/index.js';
import { CANARIES, leaksIn, type Stack, startStack, TOKEN } from './stack.js';

const APP1_TOKEN = 'app1-token-5f0e2c7a9b1d-84c3e6a0d2f7';
const headersFor = (token: string) => ({ 'X-Aws-Parameters-Secrets-Token': token });
/** The fields the tests read from JSON answers. */
interface Answer {
  __type: string;
  message: string;
  ARN: string;
  Name: string;
  SecretString: string;
  VersionId: string;
  values: Record<string, unknown>;
}
const json = async (response: Response): Promise<Answer> => (await response.json()) as Answer;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token scoping', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      settings: {
        tokens: [
          { token: APP1_TOKEN, name: 'app1', secrets: ['prod/app1/'], connections: ['app1db'] },
        ],
      },
      connections: {
        app1db: {
          host: 'db.internal',
          // vaultline's interpolation syntax, not a JavaScript template.
          // biome-ignore lint/suspicious/noTemplateCurlyInString: config syntax under test
          username: '${secret:prod/app1/db:username}',
          password: { secret: 'prod/app1/db:password' },
        },
        app2: { token: { secret: 'prod/app2/x' } },
      },
    });
  });
  afterAll(async () => {
    expect(leaksIn(stack.logs, [TOKEN, APP1_TOKEN])).toEqual([]);
    await stack.close();
  });

  it('lets a token for prod/app1/ read prod/app1/ secrets', async () => {
    const response = await stack.get(
      '/secretsmanager/get?secretId=prod/app1/token',
      headersFor(APP1_TOKEN),
    );
    expect(response.status).toBe(200);
    expect((await json(response)).SecretString).toBe(CANARIES.app1);
  });

  it('refuses prod/app2/x to the prod/app1/ token (403) without calling AWS', async () => {
    await stack.emu.control.resetCounters();
    for (const path of [
      '/secretsmanager/get?secretId=prod/app2/x',
      '/v1/prod/app2/x',
      '/v1/prod/app1',
    ]) {
      const response = await stack.get(path, headersFor(APP1_TOKEN));
      expect(response.status, path).toBe(403);
      const body = await json(response);
      expect(body.__type).toBe('AccessDeniedException');
      expect(body.message).toContain("token 'app1'");
      expect(JSON.stringify(body)).not.toContain(CANARIES.app2);
    }
    const counters = await stack.emu.control.counters();
    expect(Object.values(counters).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses prod/app2/x named by its ARN, also when it is cached', async () => {
    const full = await json(await stack.get('/secretsmanager/get?secretId=prod/app2/x'));
    await stack.emu.control.resetCounters();
    for (const path of [
      `/secretsmanager/get?secretId=${encodeURIComponent(full.ARN)}`,
      `/v1/${encodeURIComponent(full.ARN)}`,
    ]) {
      const response = await stack.get(path, headersFor(APP1_TOKEN));
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain(CANARIES.app2);
    }
    // Answered from the cache (the ARN is an alias of the cached name): no AWS call.
    const counters = await stack.emu.control.counters();
    expect(Object.values(counters).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('resolves only the connections granted to the token', async () => {
    const granted = await stack.get('/v1/connections/app1db', headersFor(APP1_TOKEN));
    expect(granted.status).toBe(200);
    expect(await json(granted)).toEqual({
      name: 'app1db',
      values: { host: 'db.internal', username: 'app1', password: CANARIES.app1Password },
      stale: false,
    });
    expect((await stack.get('/v1/connections/app2', headersFor(APP1_TOKEN))).status).toBe(403);
    // The full-access token reads every connection; an unknown one is a 404.
    expect((await stack.get('/v1/connections/app2')).status).toBe(200);
    const unknown = await stack.get('/v1/connections/nope');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).message).toContain('app1db');
  });

  it('refreshes a whole connection with refreshNow=true in one batch call', async () => {
    // Two secrets behind one connection, both cached.
    await using stack = await startStack({
      connections: {
        both: { password: { secret: 'prod/app1/db:password' }, token: { secret: 'prod/app2/x' } },
      },
    });
    expect((await stack.get('/v1/connections/both')).status).toBe(200);
    await stack.emu.control.putSecret({ name: 'prod/app2/x', value: 'rotated-after-login-failed' });
    expect((await json(await stack.get('/v1/connections/both'))).values).toMatchObject({
      token: CANARIES.app2,
    });
    await stack.emu.control.resetCounters();
    const fresh = await stack.get('/v1/connections/both?refreshNow=true');
    expect(fresh.status).toBe(200);
    expect((await json(fresh)).values).toMatchObject({
      token: 'rotated-after-login-failed',
      password: CANARIES.app1Password,
    });
    expect(await stack.emu.control.counters()).toEqual({ 'secretsmanager:BatchGetSecretValue': 1 });
    const refused = await stack.get('/v1/connections/both?refreshNow=maybe');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('invalid refreshNow value');
    expect((await stack.get('/v1/connections/both?other=1')).status).toBe(400);
  });

  it('reads one key of a JSON secret with the key parameter', async () => {
    const password = await json(
      await stack.get('/secretsmanager/get?secretId=prod/app1/db&key=password'),
    );
    expect(password.SecretString).toBe(CANARIES.app1Password);
    expect(password.Name).toBe('prod/app1/db');
    const port = await json(await stack.get('/v1/prod/app1/db?key=port'));
    expect(port.SecretString).toBe('5432');
    const missing = await stack.get('/secretsmanager/get?secretId=prod/app1/db&key=pasword');
    expect(missing.status).toBe(400);
    const text = await missing.text();
    expect(text).toContain('username, password, port');
    expect(text).not.toContain(CANARIES.app1Password);
    const notJson = await stack.get('/secretsmanager/get?secretId=prod/app1/token&key=a');
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).not.toContain(CANARIES.app1);
  });

  it('exposes metrics without secret names, behind the token', async () => {
    expect((await stack.get('/metrics', {})).status).toBe(403);
    const response = await stack.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const metric of [
      'vaultline_sidecar_cache_hits_total',
      'vaultline_sidecar_cache_misses_total',
      'vaultline_sidecar_stale_served_total',
      'vaultline_sidecar_upstream_calls_total{action="GetSecretValue",outcome="ok"}',
      'vaultline_sidecar_request_duration_seconds_bucket',
      'vaultline_sidecar_token_rejections_total{reason="scope"}',
    ]) {
      expect(text).toContain(metric);
    }
    expect(text).toMatch(/vaultline_sidecar_cache_hits_total [1-9]/);
    expect(text).not.toMatch(/prod\/|app1|app2|shared\//);
    expect(text).not.toContain('canary');
  });
});

describe('stale serving under injected faults', () => {
  it('serves the cached value marked stale during an outage, then fails past max staleness', async () => {
    await using stack = await startStack({
      settings: { ttl_seconds: 1, max_staleness_seconds: 2 },
    });
    expect((await stack.get('/v1/prod/app1/token')).status).toBe(200);
    await stack.emu.control.setFault('*', { outage: true });
    await sleep(1100);

    const stale = await stack.get('/v1/prod/app1/token');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-vaultline-stale')).toBe('true');
    expect((await json(stale)).SecretString).toBe(CANARIES.app1);

    // A secret never cached has nothing to serve: AWS's answer (503 ServiceUnavailable)
    // passed through, as the agent does, not a hang.
    const uncached = await stack.get('/v1/prod/app2/x');
    expect(uncached.status).toBe(503);
    expect((await json(uncached)).__type).toBe('ServiceUnavailable');

    const metrics = await (await stack.get('/metrics')).text();
    expect(metrics).toMatch(/vaultline_sidecar_stale_served_total [1-9]/);

    await sleep(2200);
    const expired = await stack.get('/v1/prod/app1/token');
    expect(expired.status).toBe(503);
    expect(expired.headers.get('x-vaultline-hint')).toBeTruthy();
    expect(await expired.text()).not.toContain(CANARIES.app1);

    await stack.emu.control.clearFaults();
    const back = await stack.get('/v1/prod/app1/token');
    expect(back.status).toBe(200);
    expect(back.headers.get('x-vaultline-stale')).toBeNull();
    expect(leaksIn(stack.logs)).toEqual([]);
  });

  it('serves stale values through throttling and server errors', async () => {
    await using stack = await startStack({
      settings: { ttl_seconds: 1, stale_on_refresh_failure: true },
    });
    expect((await stack.get('/v1/shared/plain')).status).toBe(200);
    await sleep(1100);
    await stack.emu.control.setFault('*', { throttleProbability: 1 });
    const throttled = await stack.get('/v1/shared/plain');
    expect(throttled.status).toBe(200);
    expect(throttled.headers.get('x-vaultline-stale')).toBe('true');
    await stack.emu.control.setFault('*', { internalErrorProbability: 1 });
    const failing = await stack.get('/v1/shared/plain?refreshNow=true');
    expect(failing.status).toBe(200);
    expect(failing.headers.get('x-vaultline-stale')).toBe('true');
  });

  // As the agent (README.md:443-444, "refreshNow set to true": it returns an error and does
  // not update the cache), unless stale_on_refresh_failure is set (the test above).
  it('answers refreshNow with the AWS error and keeps the cached value', async () => {
    await using stack = await startStack();
    const cached = await json(await stack.get('/v1/shared/plain'));
    // A new version that a read through an emptied cache would get.
    await stack.emu.control.putSecret({ name: 'shared/plain', value: 'rotated-plain' });
    await stack.emu.control.setFault('*', { internalErrorProbability: 1 });
    const failing = await stack.get('/v1/shared/plain?refreshNow=true');
    expect(failing.status).toBe(500);
    expect((await json(failing)).__type).toBe('InternalServiceError');
    await stack.emu.control.clearFaults();
    const after = await json(await stack.get('/v1/shared/plain'));
    expect(after.VersionId).toBe(cached.VersionId);
    expect(leaksIn(stack.logs)).toEqual([]);
  });
});

// As the agent (aws_secretsmanager_caching/src/lib.rs:380-402, 444-491): on TTL expiry a
// DescribeSecret tells whether the cached version is still current; both calls are counted.
describe('refresh by DescribeSecret', () => {
  it('keeps an unchanged value with one DescribeSecret and counts it in /metrics', async () => {
    let now = Date.UTC(2030, 0, 1);
    await using stack = await startStack({ resolver: { now: () => now } });
    expect((await stack.get('/v1/prod/app1/token')).status).toBe(200);
    now += 301_000;
    await stack.emu.control.resetCounters();
    const again = await stack.get('/v1/prod/app1/token');
    expect((await json(again)).SecretString).toBe(CANARIES.app1);
    expect(await stack.emu.control.counters()).toEqual({ 'secretsmanager:DescribeSecret': 1 });
    const metrics = await (await stack.get('/metrics')).text();
    expect(metrics).toMatch(
      /vaultline_sidecar_upstream_calls_total\{action="DescribeSecret",outcome="ok"\} 1/,
    );
    expect(metrics).toMatch(
      /vaultline_sidecar_upstream_calls_total\{action="GetSecretValue",outcome="ok"\} 1/,
    );
  });
});

describe('prefetch at start', () => {
  it('loads the listed secrets and those matching a tag filter, so first reads make no call', async () => {
    await using stack = await startStack({
      settings: {
        prefetch: { secrets: ['shared/plain'], tag_filters: [{ key: 'team', values: ['app1'] }] },
      },
    });
    await expect
      .poll(() => stack.logs.text().includes('prefetch done'), { timeout: 5000 })
      .toBe(true);
    expect(stack.logs.text()).toContain('"matched":1');
    const counters = await stack.emu.control.counters();
    // Each matched secret is read once: one filtered BatchGetSecretValue page, and the one
    // listed secret on its own (a single id goes out as GetSecretValue).
    expect(counters['secretsmanager:BatchGetSecretValue']).toBe(1);
    expect(counters['secretsmanager:GetSecretValue']).toBe(1);
    expect(stack.logs.text()).toContain('"requested":2,"loaded":2');
    await stack.emu.control.resetCounters();
    expect((await stack.get('/v1/prod/app1/db')).status).toBe(200);
    expect((await stack.get('/v1/shared/plain')).status).toBe(200);
    const after = await stack.emu.control.counters();
    expect(Object.values(after).reduce((a, b) => a + b, 0)).toBe(0);
    expect((await stack.get('/v1/prod/app2/x')).status).toBe(200);
    expect(
      (await stack.emu.control.counters())['secretsmanager:GetSecretValue'] ?? 0,
    ).toBeGreaterThan(0);
  });
});

describe('request timeout', () => {
  it('answers 504 when the resolver has not answered within request_timeout_seconds', async () => {
    await using stack = await startStack({
      settings: { request_timeout_seconds: 0.5 },
      resolver: { requestTimeoutMs: 10_000 },
    });
    // Upstream answers after 2.5 s and the resolver would wait 10 s: only the sidecar's own
    // request timeout can produce this 504 (no wall-clock bound needed to tell).
    await stack.emu.control.setFault('*', { latencyMs: 2500 });
    const response = await stack.get('/v1/prod/app1/token');
    expect(response.status).toBe(504);
    expect((await json(response)).__type).toBe('TimeoutError');
    await stack.emu.control.clearFaults();
  });
});

describe('token file rotation', () => {
  it('accepts the new token and refuses the old one after the file changes', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'token');
    await writeFile(file, 'first-token-aaaa-0123456789abcdefghij\n', { mode: 0o600 });
    await using stack = await startStack({
      env: {},
      settings: {
        tokens: [{ token: `file://${file}`, name: 'rotating', secrets: ['*'] }],
        token_reload_interval_ms: 25,
      },
    });
    const read = (token: string) => stack.get('/v1/prod/app1/token', headersFor(token));
    expect((await read('first-token-aaaa-0123456789abcdefghij')).status).toBe(200);

    // An in-place rewrite.
    await writeFile(file, 'second-token-bbbb-0123456789abcdefghij');
    await expect
      .poll(async () => (await read('second-token-bbbb-0123456789abcdefghij')).status, {
        timeout: 3000,
      })
      .toBe(200);
    expect((await read('first-token-aaaa-0123456789abcdefghij')).status).toBe(403);

    // An atomic replace, as secret-mounting tools do.
    await writeFile(join(dir.path, 'token.next'), 'third-token-cccc-0123456789abcdefghij', {
      mode: 0o600,
    });
    await rename(join(dir.path, 'token.next'), file);
    await expect
      .poll(async () => (await read('third-token-cccc-0123456789abcdefghij')).status, {
        timeout: 3000,
      })
      .toBe(200);
    expect((await read('second-token-bbbb-0123456789abcdefghij')).status).toBe(403);
    expect(stack.logs.text()).toContain('token file changed');
    expect(
      leaksIn(stack.logs, [
        'first-token-aaaa-0123456789abcdefghij',
        'second-token-bbbb-0123456789abcdefghij',
        'third-token-cccc-0123456789abcdefghij',
      ]),
    ).toEqual([]);
  });
});

describe('listening', () => {
  it('serves on a Unix domain socket with mode 660', async () => {
    await using dir = await createTempDir();
    const socketPath = join(dir.path, 'sidecar.sock');
    await using stack = await startStack({
      settings: { unix_socket: socketPath, listen_tcp: false },
    });
    expect(stack.sidecar.url).toBeUndefined();
    expect((await stat(socketPath)).mode & 0o777).toBe(0o660);
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = request(
          {
            socketPath,
            path: '/secretsmanager/get?secretId=prod/app1/token',
            headers: headersFor(TOKEN),
          },
          (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(status).toBe(200);
    expect(JSON.parse(body).SecretString).toBe(CANARIES.app1);
  });

  it.each(['0.0.0.0', '::', '192.0.2.10'])(
    'refuses to bind to %s without the explicit flag',
    async (address) => {
      const attempt = startSidecar({
        env: { AWS_TOKEN: TOKEN },
        settings: { http_address: address, http_port: 0, log_level: 'none' },
        config: { vault: { region: 'us-east-2' } },
      });
      await expect(attempt).rejects.toBeInstanceOf(SidecarError);
      await expect(attempt).rejects.toMatchObject({ code: 'NON_LOOPBACK_BIND' });
    },
  );

  it('refuses to start without any token', async () => {
    const attempt = startSidecar({
      env: {},
      settings: { http_port: 0, log_level: 'none' },
      config: { vault: { region: 'us-east-2' } },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'NO_TOKEN' });
  });
});
