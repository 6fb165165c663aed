import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  readdir,
  readFile,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { CLI, EXAMPLES, vaultline } from './helpers.js';

const validate = ['validate', '--config', join(EXAMPLES, 'role-based.yaml')];
const DIST = dirname(CLI);

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('dist/cli.js keeps Node compile cache in a directory private to vaultline', () => {
  it('creates $XDG_CACHE_HOME/vaultline/compile-cache 0700, uses it on the next run, deletes nothing', async () => {
    await using home = await createTempDir();
    const vaultlineDir = join(home.path, 'vaultline');
    const cache = join(vaultlineDir, 'compile-cache');
    // Files vaultline did not make (another program's, an older launcher's) stay as they are.
    await mkdir(cache, { recursive: true, mode: 0o700 });
    await chmod(vaultlineDir, 0o700);
    const foreign = [join(vaultlineDir, 'code-0123-v22.bin'), join(cache, 'someone-elses')];
    for (const file of foreign) await writeFile(file, 'not ours');
    const env = { XDG_CACHE_HOME: home.path };

    const first = vaultline(validate, { env });
    expect(first.status, first.stderr).toBe(0);
    expect((await stat(vaultlineDir)).mode & 0o777).toBe(0o700);
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    const written = (await filesUnder(cache)).filter((file) => file !== 'someone-elses');
    expect(written).toHaveLength(1); // the bundle's, in Node's subdirectory for this version
    const entry = join(cache, written[0] ?? '');
    expect((await stat(entry)).mode & 0o077).toBe(0);
    const modified = (await stat(entry)).mtimeMs;

    expect(vaultline(validate, { env })).toMatchObject({ status: 0, stdout: first.stdout });
    expect(vaultline(['names', 'check', 'a/b'], { env }).status).toBe(0);
    expect((await stat(entry)).mtimeMs).toBe(modified); // read, not written again
    for (const file of foreign) expect(await readFile(file, 'utf8')).toBe('not ours');
  });

  it('runs without a cache when the directory is not private, or with NODE_DISABLE_COMPILE_CACHE', async () => {
    await using home = await createTempDir();
    const cache = join(home.path, 'vaultline', 'compile-cache');
    await mkdir(cache, { recursive: true });
    await chmod(cache, 0o755);
    const shared = vaultline(validate, { env: { XDG_CACHE_HOME: home.path } });
    expect(shared.status, shared.stderr).toBe(0);
    expect(await readdir(cache)).toEqual([]);

    await using other = await createTempDir();
    const disabled = vaultline(validate, {
      env: { XDG_CACHE_HOME: other.path, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    expect(disabled.status, disabled.stderr).toBe(0);
    expect(await readdir(other.path)).toEqual([]);
  });
});

describe('dist/cli.js on an unsupported Node', () => {
  /** Runs the bin with process.versions.node replaced (a preload), as that Node would. */
  async function asNode(version: string, args: string[]) {
    await using dir = await createTempDir();
    const preload = join(dir.path, 'fake-version.cjs');
    await writeFile(
      preload,
      `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });`,
    );
    return spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir.path },
    });
  }

  it.each(['20.19.0', '22.11.0', '23.11.1', '18.20.8'])(
    'Node %s: one line naming the supported versions, exit 2',
    async (version) => {
      const run = await asNode(version, ['--version']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `vaultline: Node.js ${version} (${process.execPath}) is not supported; use Node.js 22 (22.12 or later), 24 or newer (engines: ${packageJson.engines.node})\n`,
      );
    },
  );

  it.each(['22.12.0', '22.30.1', '24.0.0', '26.3.0'])('Node %s: runs', async (version) => {
    const run = await asNode(version, ['--version']);
    expect(run).toMatchObject({ status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  // This machine's own node is 20 (CI's too); the bin must parse and refuse on it.
  it.runIf(existsSync('/usr/bin/node'))('the system node, when older, gets the same line', () => {
    const [major = 0, minor = 0] = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    })
      .stdout.split('.')
      .map(Number);
    const run = spawnSync('/usr/bin/node', [CLI, '--help'], { encoding: 'utf8' });
    if (major >= 24 || (major === 22 && minor >= 12)) {
      expect(run.status, run.stderr).toBe(0);
      return;
    }
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline: Node\.js \S+ \(\/usr\/bin\/node\) is not supported; .*\n$/,
    );
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});

describe('the installed layout', () => {
  it('--version reads the version from package.json at run time (no rebuild after a bump)', async () => {
    await using pkg = await createTempDir();
    await mkdir(join(pkg.path, 'dist'));
    for (const file of ['cli.js', 'vaultline.cjs', 'package.json']) {
      await copyFile(join(DIST, file), join(pkg.path, 'dist', file));
    }
    await writeFile(
      join(pkg.path, 'package.json'),
      JSON.stringify({ ...packageJson, version: '9.8.7' }),
    );
    const run = spawnSync(process.execPath, [join(pkg.path, 'dist', 'cli.js'), '--version'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: pkg.path },
    });
    expect(run).toMatchObject({ status: 0, stdout: '9.8.7\n' });
  });

  it('is a small CommonJS bin beside its bundle, and runs through a node_modules/.bin link', async () => {
    expect(JSON.parse(await readFile(join(DIST, 'package.json'), 'utf8'))).toEqual({
      type: 'commonjs',
    });
    expect((await stat(CLI)).size).toBeLessThan(10_000);
    expect(await readFile(CLI, 'utf8')).toContain("require('./vaultline.cjs')");

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

  it('ships the man page, made from the help text: every command, its options, and man renders it', async () => {
    expect(packageJson.man).toBe('./dist/vaultline.1');
    expect(packageJson.files).toContain('dist/vaultline.1');
    const page = await readFile(join(DIST, 'vaultline.1'), 'utf8');
    expect(page).toMatch(/^\.TH VAULTLINE 1 /);
    const help = vaultline(['--help']).stdout;
    const commands = [...(help.split('Commands:\n')[1] ?? '').matchAll(/^ {2}([a-z]+)/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands)
      expect(page).toMatch(new RegExp(`^\\.SS vaultline ${command}\\b`, 'm'));
    expect(page).toContain('.B \\-\\-dotenv <file>');
    const man = spawnSync('man', ['-l', join(DIST, 'vaultline.1')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' },
    });
    if (man.error) return; // no man on this machine: the roff above is what ships
    expect(man.stdout).toMatch(/^VAULTLINE\(1\)/);
    expect(man.stdout).toContain('vaultline resolve [options] [connection]');
  });
});
