import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, vaultline } from './helpers.js';

const ROLE_BASED = join(EXAMPLES, 'role-based.yaml');

/** The pid of a process that has ended (a short-lived node). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('messages', () => {
  it('--region with a stray space names the flag as the source, not VAULTLINE_REGION', () => {
    const run = vaultline(['--config', ROLE_BASED, '--region', 'us-east-2 ', 'get', 'prod/db']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/did you mean us-east-2\? \(from --region\)$/);
    expect(run.stderr).not.toContain('VAULTLINE_REGION');
  });

  it('a plain user error is its message and hint or nothing more: no "Run again with --verbose"', () => {
    // A policy option error carries no hint; --verbose would add only a stack trace.
    const run = vaultline(['--config', ROLE_BASED, 'policy', 'kms-key-policy']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^vaultline: kms-key-policy is not part of this setup/);
    expect(run.stderr).not.toContain('--verbose');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stale emulator state (the emulator stopped, emulator.json left behind) says it is not running and how to start it', async () => {
    await using dir = await createTempDir();
    await mkdir(join(dir.path, '.vaultline-dev'));
    const state = join(dir.path, '.vaultline-dev', 'emulator.json');
    // Recorded by a process that has ended.
    await writeFile(
      state,
      JSON.stringify({ url: 'http://127.0.0.1:9', controlToken: 't', pid: endedPid() }),
    );
    const stopped = vaultline(['emulator', 'credentials', 'developer'], { cwd: dir.path });
    expect(stopped.status).toBe(2);
    expect(stopped.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^vaultline: the emulator recorded in \.vaultline-dev\/emulator\.json \(http:\/\/127\.0\.0\.1:9, pid \d+\) is not running$/,
      ),
      "hint: start it with 'vaultline emulator' (or 'vaultline dev') in this directory, and keep it running",
      '',
    ]);
    // No pid recorded: nobody answers at the URL.
    await writeFile(state, JSON.stringify({ url: 'http://127.0.0.1:9', controlToken: 't' }));
    const unreachable = vaultline(['emulator', 'credentials', 'developer'], { cwd: dir.path });
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/is not running\nhint: start it with /);
    expect(unreachable.stderr).not.toContain('fetch failed');
  });
});
