import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deploymentNodeFlags } from './node-flags.js';
import { repoRoot } from './paths.js';

describe('deploymentNodeFlags', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const rootWithDockerfile = (text: string) => {
    const root = mkdtempSync(join(tmpdir(), 'vaultline-node-flags-'));
    roots.push(root);
    mkdirSync(join(root, 'apps', 'sidecar', 'deploy'), { recursive: true });
    writeFileSync(join(root, 'apps', 'sidecar', 'deploy', 'Dockerfile'), text);
    return root;
  };

  it('reads the node flags of the CMD, without the script', () => {
    const root = rootWithDockerfile(
      'FROM node:24\n# CMD ["--not-this"]\nCMD ["--max-semi-space-size=1", "--heap-growing-percent=10", "dist/bin.js"]\n',
    );
    expect(deploymentNodeFlags(root)).toEqual([
      '--max-semi-space-size=1',
      '--heap-growing-percent=10',
    ]);
  });

  it('gives flags that this node accepts, from the repository Dockerfile', () => {
    const flags = deploymentNodeFlags(repoRoot());
    expect(flags.length).toBeGreaterThan(0);
    const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('says what it expected when the CMD is missing or not JSON', () => {
    expect(() => deploymentNodeFlags(rootWithDockerfile('FROM node:24\n'))).toThrow(
      /CMD in JSON form .* found no CMD line/,
    );
    expect(() =>
      deploymentNodeFlags(rootWithDockerfile('CMD node --max-semi-space-size=1 dist/bin.js\n')),
    ).toThrow(/CMD in JSON form/);
  });
});
