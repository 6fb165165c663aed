import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES, vaultline } from './helpers.js';

const validate = ['validate', '--config', join(EXAMPLES, 'role-based.yaml')];

describe('dist/cli.js keeps a V8 code cache', () => {
  it('writes it on the first run of each command, uses it after, survives a corrupt one', async () => {
    await using cache = await createTempDir();
    const env = { VAULTLINE_CACHE_DIR: cache.path };
    const first = vaultline(validate, { env });
    expect(first.status, first.stderr).toBe(0);
    const files = (await readdir(cache.path)).sort();
    expect(files).toHaveLength(2);
    const [bin, list] = files.map((name) => join(cache.path, name));
    expect(JSON.parse(await readFile(list ?? '', 'utf8'))).toEqual(['validate']);
    expect((await stat(bin ?? '')).mode & 0o777).toBe(0o600);

    const modified = (await stat(bin ?? '')).mtimeMs;
    expect(vaultline(validate, { env })).toMatchObject({ status: 0, stdout: first.stdout });
    expect((await stat(bin ?? '')).mtimeMs).toBe(modified); // a hit: not written again

    expect(vaultline(['names', 'check', 'a/b'], { env }).status).toBe(0);
    expect(JSON.parse(await readFile(list ?? '', 'utf8'))).toEqual(['validate', 'names']);

    await writeFile(bin ?? '', 'not a code cache');
    expect(vaultline(validate, { env })).toMatchObject({ status: 0, stdout: first.stdout });
    expect((await stat(bin ?? '')).size).toBeGreaterThan(1000); // rejected, then rewritten
  });

  it('VAULTLINE_NO_CODE_CACHE turns it off', async () => {
    await using cache = await createTempDir();
    const run = vaultline(validate, {
      env: { VAULTLINE_CACHE_DIR: cache.path, VAULTLINE_NO_CODE_CACHE: '1' },
    });
    expect(run.status).toBe(0);
    expect(await readdir(cache.path)).toEqual([]);
  });

  it('is a small CommonJS launcher beside its bundle, and runs through a node_modules/.bin link', async () => {
    const dist = dirname(CLI);
    expect(JSON.parse(await readFile(join(dist, 'package.json'), 'utf8'))).toEqual({
      type: 'commonjs',
    });
    expect((await stat(CLI)).size).toBeLessThan(10_000);
    const bundles = (await readdir(dist)).filter((name) => name.startsWith('cli-bundle'));
    expect(bundles).toHaveLength(1);
    expect(await readFile(CLI, 'utf8')).toContain(bundles[0]?.slice('cli-bundle-'.length, -4));

    await using home = await createTempDir();
    const bin = join(home.path, 'node_modules', '.bin');
    await mkdir(bin, { recursive: true });
    await symlink(CLI, join(bin, 'vaultline'));
    const linked = spawnSync(join(bin, 'vaultline'), validate, {
      env: { PATH: process.env.PATH ?? '', HOME: home.path },
      encoding: 'utf8',
    });
    expect(linked.status, linked.stderr).toBe(0);
    expect(linked.stdout).toBe(vaultline(validate).stdout);
  });
});
