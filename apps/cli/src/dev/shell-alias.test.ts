import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellAlias } from './shell-alias.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with executables of the given names; its path. */
function binDir(files: Record<string, string | { linkTo: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vaultline-alias-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') {
      writeFileSync(join(dir, name), content);
      chmodSync(join(dir, name), 0o755);
    } else symlinkSync(content.linkTo, join(dir, name));
  }
  return dir;
}

describe('shellAlias', () => {
  it('is undefined when a vaultline is on PATH', () => {
    const bin = binDir({ vaultline: '#!/bin/sh\n' });
    expect(
      shellAlias({ path: `/nonexistent:${bin}`, execPath: '/x/node', script: '/y/cli.js' }),
    ).toBeUndefined();
  });

  it('names this node by its path when the node on PATH is another one (a clone on Node 20)', () => {
    const old = binDir({ node: '#!/bin/sh\n' });
    const runtime = binDir({ node: '#!/bin/sh\n' });
    const alias = shellAlias({ path: old, execPath: join(runtime, 'node'), script: '/src/cli.js' });
    expect(alias).toBe(`alias vaultline='${join(runtime, 'node')} /src/cli.js'`);
  });

  it('names this node by its path even when the node on PATH is this one (npm start prepends its Node for its children only)', () => {
    const runtime = binDir({ node: '#!/bin/sh\n' });
    expect(
      shellAlias({ path: runtime, execPath: join(runtime, 'node'), script: '/src/cli.js' }),
    ).toBe(`alias vaultline='${join(runtime, 'node')} /src/cli.js'`);
  });

  it('quotes paths with spaces: the printed line, pasted into a shell, runs this CLI', () => {
    const spaced = join(binDir({}), 'my node');
    mkdirSync(spaced);
    // A stand-in node that prints the arguments it gets, one a line.
    writeFileSync(join(spaced, 'node'), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n');
    chmodSync(join(spaced, 'node'), 0o755);
    const alias = shellAlias({ path: '', execPath: join(spaced, 'node'), script: "/a b/it's.js" });
    expect(alias).toBe(`alias vaultline='"${spaced}/node" "/a b/it'\\''s.js"'`);
    const run = spawnSync('sh', ['-c', `${alias}\nvaultline --version`], { encoding: 'utf8' });
    expect(run.stdout).toBe("/a b/it's.js\n--version\n");
  });
});
