import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ensureBuiltBin } from './built-bin.js';

// The bin as users run it: dist/bin.js, which checks the Node version before it loads the
// bundle. The server itself is tested through it in sigterm.test.ts.
describe('the vaultline-sidecar bin', () => {
  let bin: string;
  beforeAll(() => {
    bin = ensureBuiltBin();
  }, 120_000);

  /** Runs the bin with process.versions.node replaced (a preload), as that Node would. */
  async function asNode(version: string, args: string[]) {
    await using dir = await createTempDir();
    const preload = join(dir.path, 'fake-version.cjs');
    await writeFile(
      preload,
      `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });`,
    );
    return spawnSync(process.execPath, ['--require', preload, bin, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
  }

  it.each(['20.19.0', '22.11.0', '23.11.1'])(
    'on Node %s prints one line naming the supported versions and exits 2',
    async (version) => {
      const run = await asNode(version, ['--help']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `vaultline-sidecar: Node.js ${version} (${process.execPath}) is not supported; use Node.js 22 (22.12 or later), 24 or newer (engines: ${packageJson.engines.node})\n`,
      );
    },
  );

  it.each(['22.12.0', '24.0.0', '26.3.0'])('on Node %s prints its help', async (version) => {
    const run = await asNode(version, ['--help']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^vaultline-sidecar: a local credentials server/);
    expect(run.stdout).toContain('Usage: vaultline-sidecar [--config settings.toml] [flags]');
  });

  it('an unknown flag: one line, exit 2', () => {
    const run = spawnSync(process.execPath, [bin, '--bogus'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "vaultline-sidecar: Unknown option '--bogus'; --help lists the flags\n",
    );
  });

  // This machine's own node is 20 (CI's too); the bin must parse and refuse on it.
  it.runIf(existsSync('/usr/bin/node'))('the system node, when older, gets the same line', () => {
    const [major = 0, minor = 0] = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    })
      .stdout.split('.')
      .map(Number);
    const run = spawnSync('/usr/bin/node', [bin, '--help'], { encoding: 'utf8' });
    if (major >= 24 || (major === 22 && minor >= 12)) {
      expect(run.status, run.stderr).toBe(0);
      return;
    }
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline-sidecar: Node\.js \S+ \(\/usr\/bin\/node\) is not supported; .*\n$/,
    );
  });
});
