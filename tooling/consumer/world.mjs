// The setting the README examples and the CLI checks run in: an emulator holding
// fixtures/scenario.yaml, and a vaultline.yaml that reads it with access keys.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const fixture = (name) => new URL(`fixtures/${name}`, import.meta.url);

export const REGION = 'us-east-2';

/** Copies the scenario into `dir` (so nothing is read from the workspace); returns its path. */
export function copyScenario(dir) {
  const path = join(dir, 'scenario.yaml');
  copyFileSync(fixture('scenario.yaml'), path);
  return path;
}

/** Writes `dir`/vaultline.yaml for the emulator at `url` (the keys come from the environment). */
export function writeConfig(dir, url) {
  const text = readFileSync(fixture('vaultline.yaml'), 'utf8').replaceAll('{{url}}', url);
  writeFileSync(join(dir, 'vaultline.yaml'), text);
}

/**
 * Starts the installed @vaultline/emulator in this process, imported from the consumer
 * project (through a module written there, so it resolves as the project would), on
 * 127.0.0.1 with a free port. Resolves { url, env, close }; `env` points an AWS
 * SDK client that an example builds itself at the emulator too, and holds the user's keys.
 */
export async function startWorld(projectDir) {
  const bridge = join(projectDir, 'world-emulator.mjs');
  writeFileSync(bridge, "export { startEmulator } from '@vaultline/emulator';\n");
  const { startEmulator } = await import(pathToFileURL(bridge).href);
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    scenario: copyScenario(projectDir),
  });
  try {
    const credentials = await emulator.control.userCredentials('developer');
    return {
      url: emulator.url,
      env: {
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
