import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AwsCliAvailability,
  awsCliAvailability,
  createTempDir,
  startTestEmulator,
} from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCS = join(ROOT, 'docs');
// The address the guides write; the test puts the emulator's own in its place.
const PLACEHOLDER = 'http://127.0.0.1:4510';

interface Guide {
  file: string;
  scenario: string;
  script: string;
  /** The offline commands call the AWS CLI against the emulator. */
  usesAwsCli: boolean;
}

/** The guide's scenario (from its `vaultline emulator --scenario` line) and its `sh offline` blocks. */
function readGuide(file: string): Guide {
  const text = readFileSync(join(DOCS, file), 'utf8');
  const scenario = /vaultline emulator --scenario (\S+) --port 4510/.exec(text)?.[1];
  const blocks = [...text.matchAll(/```sh offline\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  if (!scenario)
    throw new Error(`${file}: no 'vaultline emulator --scenario FILE --port 4510' line`);
  const script = blocks.join('\n');
  return { file, scenario, script, usesAwsCli: script.includes('aws --endpoint-url') };
}

const guides = readdirSync(DOCS)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .map(readGuide);

// Outside CI a guide that calls the AWS CLI is skipped, with the reason in its title, when the
// CLI is not installed; under CI (.ci/run installs it) awsCliAvailability throws: a failure.
const awsCli: AwsCliAvailability = guides.some((guide) => guide.usesAwsCli)
  ? awsCliAvailability()
  : { available: true };
const skipped = (guide: Guide): boolean => guide.usesAwsCli && !awsCli.available;

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('the guides in docs/ run offline', () => {
  it('every guide has offline commands', () => {
    expect(guides.map((guide) => guide.file).sort()).toEqual([
      'access-key.md',
      'cross-account.md',
      'instance-profile.md',
      'parameters.md',
      'postgres-rotation.md',
      'role-based.md',
    ]);
    for (const guide of guides) expect(guide.script, guide.file).toContain('vaultline doctor');
  });

  for (const guide of guides) {
    const title = skipped(guide)
      ? `${guide.file} (skipped: it calls the AWS CLI; ${awsCli.reason})`
      : guide.file;
    it.skipIf(skipped(guide))(title, () => runGuide(guide), 120_000);
  }
});

/** Runs a guide's offline commands in a fresh directory against its scenario's emulator. */
async function runGuide(guide: Guide): Promise<void> {
  await using emu = await startTestEmulator({ scenario: join(ROOT, guide.scenario) });
  await using dir = await createTempDir();
  // What `vaultline emulator` writes, so `vaultline emulator credentials` finds it.
  await mkdir(join(dir.path, '.vaultline-dev'));
  await writeFile(
    join(dir.path, '.vaultline-dev', 'emulator.json'),
    JSON.stringify({ url: emu.url, controlToken: emu.controlToken }),
  );
  // `vaultline` on the PATH, as a user has it.
  const bin = join(dir.path, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'vaultline'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'vaultline'), 0o755);
  const script = `set -euo pipefail\nset -x\n${guide.script.replaceAll(PLACEHOLDER, emu.url)}`;
  const run = await bash(script, dir.path, {
    PATH: `${bin}:/usr/bin:/bin:${process.env.PATH ?? ''}`,
    HOME: dir.path,
  });
  expect(run.status, run.output).toBe(0);
  // The guides print no secret value they did not ask for (a SecureString parameter included).
  expect(run.output).not.toMatch(
    /canary-matrix-shared|canary-9d4c1e7f2b36|canary-9d2f6a1c8e3b|canary-c7e1b5d3a904|canary-4b1e7c9a2d06/,
  );
}
