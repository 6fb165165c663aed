import { spawnSync } from 'node:child_process';
import { startTestEmulator, type TestEmulator } from '@vaultline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltBin, readLines, spawnBin } from './built-bin.js';
import { CANARIES, PLAIN_PARAMETERS, SCENARIO, TOKEN } from './stack.js';

// The built bin, configured as a Lambda function configures the Parameters and Secrets
// Lambda Extension: with its environment variables (AWS's page "Using Parameter Store
// parameters in AWS Lambda functions", table "AWS Parameters and Secrets Lambda Extension
// environment variables"), and read with its parameter route and token header
// (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-integration-lambda-extensions.html).
describe('the built bin as the Lambda extension', () => {
  let emu: TestEmulator;
  let bin: string;
  beforeAll(async () => {
    bin = ensureBuiltBin();
    emu = await startTestEmulator({ scenario: SCENARIO });
  }, 120_000);
  afterAll(() => emu?.close());

  it("serves parameters with the extension's variables set", async () => {
    const credentials = await emu.credentialsOf('sidecar');
    const child = spawnBin(bin, emu.url, credentials, [], {
      SSM_PARAMETER_STORE_TTL: '120',
      SECRETS_MANAGER_TTL: '300',
      PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'TRUE',
      PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '1000',
      PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'DEBUG',
    });
    const output = readLines(child);
    try {
      const url = await output.listening;
      const get = (query: string) =>
        fetch(`${url}/systemsmanager/parameters/get?${query}`, {
          headers: { 'X-Aws-Parameters-Secrets-Token': TOKEN },
        });
      const secure = await get('name=%2Fapp%2Fdb%2Fpassword&withDecryption=true');
      expect(secure.status).toBe(200);
      expect(((await secure.json()) as { Parameter: { Value: string } }).Parameter.Value).toBe(
        CANARIES.ssmPassword,
      );
      const plain = await get('name=%2Fapp%2Fdb%2Fhost');
      expect(((await plain.json()) as { Parameter: { Value: string } }).Parameter.Value).toBe(
        PLAIN_PARAMETERS.host,
      );
      child.kill('SIGTERM');
      expect(await output.exitCode).toBe(0);
      await output.closed;
      const log = output.lines.join('\n');
      for (const canary of Object.values(CANARIES)) expect(log).not.toContain(canary);
      expect(log).not.toContain(TOKEN);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it("a variable outside the extension's range stops it: exit 2, one message, no stack", () => {
    const run = spawnSync(process.execPath, [bin, '--http-port', '0', '--region', 'us-east-2'], {
      env: { PATH: process.env.PATH, AWS_TOKEN: TOKEN, SSM_PARAMETER_STORE_TTL: '600' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    const said = `${run.stdout}${run.stderr}`;
    expect(said).toContain("SSM_PARAMETER_STORE_TTL: '600' is not a whole number from 0 to 300");
    expect(said).not.toMatch(/\n\s+at /);
  });
});
