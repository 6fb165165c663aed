import { spawnSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { CLI, EXAMPLES, vaultline } from './helpers.js';

const CANARY_KEY = 'CANARYkeyCANARYkeyCANARYkeyCANARYkey1234';
const ROLE_YAML = `vault:
  authType: role-based
  region: us-east-2
  iamRole: arn:aws:iam::111122223333:role/agent
`;

describe('vaultline (built dist/cli.js)', () => {
  it('--help lists the commands and exits 0', () => {
    const run = vaultline(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: vaultline');
    expect(run.stdout).toMatch(/validate \[options\]/);
    expect(run.stdout).toMatch(/names/);
  });

  it('a reader that closes the pipe early ends it quietly (no EPIPE stack trace)', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --help | head -c 5`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect(run.stdout).toBe('Usage');
    expect(run.stderr).toBe('');
  });

  it('`vaultline doctor | head -1` ends quietly too (no EPIPE stack trace)', async () => {
    await using dir = await createTempDir();
    const config = join(dir.path, 'vaultline.yaml');
    // An endpoint nothing listens on: every AWS step fails fast, so doctor prints many lines.
    await writeFile(
      config,
      'vault:\n  authType: access-key\n  region: us-east-2\n  endpoint: http://127.0.0.1:9\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n  secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nconnections:\n  app:\n    password: { secret: "app/db:password" }\n',
    );
    await chmod(config, 0o600);
    for (const reader of ['head -1', 'head -c 3']) {
      const run = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${CLI}" --config "${config}" doctor | ${reader}`],
        { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
      );
      expect(run.stdout.length).toBeGreaterThan(0);
      expect(run.stderr).toBe('');
    }
  });

  it('--version prints the package version', () => {
    expect(vaultline(['--version'])).toMatchObject({
      status: 0,
      stdout: `${packageJson.version}\n`,
    });
  });

  it.each([
    [['bogus'], "error: unknown command 'bogus'"],
    [['--bogus'], "error: unknown option '--bogus'"],
    [['validate', '--nope'], "error: unknown option '--nope'"],
    [['validate', 'extra'], 'error: too many arguments'],
    [['names', 'check'], "error: missing required argument 'name'"],
    [['validate', '--config'], "error: option '-c, --config <file>' argument missing"],
  ])('%j: one-line error, usage hint, exit 2', (args, message) => {
    const run = vaultline(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toContain(message);
    expect(lines.at(-1)).toBe("Run 'vaultline --help' for usage.");
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('no command shows the help and exits 2', () => {
    const run = vaultline([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: vaultline');
  });
});

describe('vaultline validate', () => {
  it.each([
    'role-based.yaml',
    'instance-profile.yaml',
    'access-key.yaml',
    'default-chain.yaml',
    'cross-account.yaml',
  ])('examples/%s is valid', (name) => {
    // A checkout leaves access-key.yaml readable by every user: an error for a real key.
    const run = vaultline(['validate', '--config', join(EXAMPLES, name)], {
      env: { VAULTLINE_ALLOW_WORLD_READABLE_CONFIG: '1' },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/: valid \(/);
  });

  it('prints errors as file:line:col path: message, then warnings, and exits 2', async () => {
    await using dir = await createTempDir();
    await writeFile(
      join(dir.path, 'vaultline.yaml'),
      ROLE_YAML.replace('us-east-2', 'US East (Ohio)').replace(
        'agent',
        'agent\n  stsEndpointRegion: us-east-2\n  bogus: 1',
      ),
    );
    const run = vaultline(['validate'], { cwd: dir.path });
    expect(run.status).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      "vaultline.yaml:3:11 vault.region: 'US East (Ohio)' is not an AWS region code such as us-east-2: did you mean us-east-2?",
      'vaultline.yaml:6:3 vault.bogus: unknown key; expected one of type, region, endpoint, accountId, kmsKeyArns, instanceMetadata, cache, authType, iamRole, externalId, sessionName, durationSeconds, stsEndpoint, stsEndpointRegion, sourceCredentials, sourcePrincipalArn, roleChain',
      'vaultline.yaml: invalid (2 errors)',
    ]);
  });

  it('prints warnings after a valid result', async () => {
    await using dir = await createTempDir();
    await writeFile(
      join(dir.path, 'vaultline.yaml'),
      `${ROLE_YAML}  stsEndpointRegion: us-east-1\n`,
    );
    const run = vaultline(['validate'], { cwd: dir.path });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^vaultline\.yaml:5:22 vault\.stsEndpointRegion: warning: is set but stsEndpoint is not/,
    );
    expect(run.stdout).toContain(
      'vaultline.yaml: valid (role-based in us-east-2, 0 connections, 0 secret references, 1 warning)',
    );
  });

  it('says which STS endpoint will be used, its signing region and why (human and --json)', async () => {
    await using dir = await createTempDir();
    const cases = [
      {
        yaml: ROLE_YAML,
        line: 'STS endpoint: https://sts.amazonaws.com, signed for us-east-1 (AssumeRole, GetCallerIdentity): the default, as vault.stsEndpoint is not set: the global endpoint',
        sts: {
          url: 'https://sts.amazonaws.com',
          signingRegion: 'us-east-1',
          reason: 'default-global',
        },
      },
      {
        yaml: ROLE_YAML.replace('us-east-2', 'me-south-1'),
        line: 'STS endpoint: https://sts.me-south-1.amazonaws.com, signed for me-south-1 (AssumeRole, GetCallerIdentity): the default, as vault.stsEndpoint is not set: me-south-1 is an opt-in region',
        sts: { signingRegion: 'me-south-1', reason: 'default-regional-opt-in-region' },
      },
      {
        yaml: 'vault:\n  authType: default-chain\n  region: us-gov-west-1\n',
        line: 'STS endpoint: https://sts.us-gov-west-1.amazonaws.com, signed for us-gov-west-1 (GetCallerIdentity): the default, as vault.stsEndpoint is not set: us-gov-west-1 is in partition aws-us-gov',
        sts: { usedFor: ['GetCallerIdentity'], reason: 'default-regional-partition' },
      },
      {
        yaml: `${ROLE_YAML}  stsEndpoint: https://sts.eu-west-1.amazonaws.com\n`,
        line: 'STS endpoint: https://sts.eu-west-1.amazonaws.com, signed for eu-west-1 (AssumeRole, GetCallerIdentity): vault.stsEndpoint is set; signed for eu-west-1, the region of its host',
        sts: { kind: 'regional', reason: 'configured' },
      },
    ];
    for (const { yaml, line, sts } of cases) {
      await writeFile(join(dir.path, 'vaultline.yaml'), yaml);
      const human = vaultline(['validate'], { cwd: dir.path });
      expect(human.status, human.stdout).toBe(0);
      expect(human.stdout).toContain(line);
      const json = vaultline(['validate', '--json'], { cwd: dir.path });
      expect(json.status).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report.sts).toMatchObject(sts);
      expect(line).toContain(report.sts.explanation.slice(0, 60));
    }
  });

  it('--json gives machines the same result', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'bad.yaml');
    await writeFile(file, ROLE_YAML.replace('us-east-2', 'Ohio'));
    const run = vaultline(['validate', '--json', '--config', file]);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      file,
      valid: false,
      code: 'CONFIG_INVALID',
      errors: [
        {
          path: 'vault.region',
          message: expect.stringContaining('did you mean us-east-2?'),
          line: 3,
          column: 11,
        },
      ],
      warnings: [],
    });
  });

  it('--json on a valid file includes the config with defaults applied', () => {
    const run = vaultline(['validate', '--json', '--config', join(EXAMPLES, 'default-chain.yaml')]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(report.config.vault).toMatchObject({
      authType: 'default-chain',
      cache: { ttlSeconds: 300 },
    });
  });

  it('reports a syntax error with its position', async () => {
    await using dir = await createTempDir();
    await writeFile(
      join(dir.path, 'vaultline.yaml'),
      'vault:\n  region: us-east-2\n  region: us-east-1\n',
    );
    const run = vaultline(['validate'], { cwd: dir.path });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^vaultline\.yaml:3:\d+: invalid YAML: Map keys must be unique/);
  });

  it('a missing file exits 2 and says how to fix it', async () => {
    await using dir = await createTempDir();
    const run = vaultline(['validate'], { cwd: dir.path });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('vaultline.yaml: no config file at');
    expect(run.stdout).toContain("Create one with 'vaultline init'");
    expect(run.stdout).toContain('--config or VAULTLINE_CONFIG');
  });

  it('finds the file: --config, else VAULTLINE_CONFIG, else ./vaultline.yaml', async () => {
    await using dir = await createTempDir();
    await writeFile(join(dir.path, 'vaultline.yaml'), ROLE_YAML);
    await writeFile(join(dir.path, 'other.yaml'), ROLE_YAML.replace('us-east-2', 'eu-west-1'));
    await writeFile(join(dir.path, 'third.yaml'), ROLE_YAML.replace('us-east-2', 'ap-south-1'));
    const cwd = dir.path;
    expect(vaultline(['validate'], { cwd }).stdout).toContain('in us-east-2');
    expect(
      vaultline(['validate'], { cwd, env: { VAULTLINE_CONFIG: 'other.yaml' } }).stdout,
    ).toContain('in eu-west-1');
    expect(
      vaultline(['validate', '--config', 'third.yaml'], {
        cwd,
        env: { VAULTLINE_CONFIG: 'other.yaml' },
      }).stdout,
    ).toContain('in ap-south-1');
  });

  it('applies VAULTLINE_* overrides and says where a bad value came from', () => {
    const run = vaultline(['validate', '--config', join(EXAMPLES, 'role-based.yaml')], {
      env: { VAULTLINE_REGION: 'Ohio' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('vault.region: ');
    expect(run.stdout).toContain('(from VAULTLINE_REGION)');
  });

  it('never prints the secret access key, in any output', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    const text = `vault:\n  authType: access-key\n  region: us-east-2\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n  secretAccessKey: ${CANARY_KEY}\n`;
    await writeFile(file, text);
    await chmod(file, 0o640);
    const runs = [
      vaultline(['validate'], { cwd: dir.path }),
      vaultline(['validate', '--json'], { cwd: dir.path }),
      vaultline(['validate', '--verbose'], {
        cwd: dir.path,
        env: { VAULTLINE_REGION: `x${CANARY_KEY}` },
      }),
    ];
    await writeFile(file, `${text}  bogus: ${CANARY_KEY}\n  ${CANARY_KEY}: 1\n`);
    runs.push(vaultline(['validate', '--json'], { cwd: dir.path }));
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
    }
    expect(runs[0]?.stdout).toContain('warning: is stored in');
    expect(runs[1]?.stdout).toContain('"secretAccessKey": "[REDACTED]"');
  });

  it('refuses a secret access key in a file every user can read (exit 2), unless VAULTLINE_ALLOW_WORLD_READABLE_CONFIG=1', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writeFile(
      file,
      `vault:\n  authType: access-key\n  region: us-east-2\n  accessKeyId: AKIAIOSFODNN7EXAMPLE\n  secretAccessKey: ${CANARY_KEY}\n`,
    );
    await chmod(file, 0o644);
    const refused = vaultline(['validate'], { cwd: dir.path });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(
      /vaultline\.yaml:5:\d+ vault\.secretAccessKey: is stored in .*vaultline\.yaml, which every user can read \(mode 644\): run chmod 600/,
    );
    const get = vaultline(['get', 'prod/db:password'], { cwd: dir.path });
    expect(get.status).toBe(2);
    expect(get.stderr).toContain('which every user can read (mode 644)');
    const allowed = vaultline(['validate'], {
      cwd: dir.path,
      env: { VAULTLINE_ALLOW_WORLD_READABLE_CONFIG: '1' },
    });
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain('warning: is stored in');
    await chmod(file, 0o664);
    const writable = vaultline(['validate'], {
      cwd: dir.path,
      env: { VAULTLINE_ALLOW_WORLD_READABLE_CONFIG: '1' },
    });
    expect(writable.status).toBe(2);
    expect(writable.stdout).toContain('which group or others can write (mode 664)');
    for (const run of [refused, get, allowed, writable]) {
      expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
    }
  });
});

describe('vaultline names', () => {
  it('check: valid names exit 0', () => {
    const run = vaultline(['names', 'check', 'prod/orders/db', 'dev/app_key+1=x@y.z-w']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ok       prod/orders/db\nok       dev/app_key+1=x@y.z-w\n');
  });

  it('check: an invalid name exits 1 and shows each position', () => {
    const run = vaultline(['names', 'check', 'prod/db', 'prod/orders db"x']);
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('ok       prod/db');
    expect(lines[1]).toBe('invalid  prod/orders db"x');
    // Each caret sits under the offending character.
    expect(lines[2]?.indexOf('^')).toBe(lines[1]?.indexOf(' db'));
    expect(lines[2]).toContain('position 11');
    expect(lines[3]?.indexOf('^')).toBe(lines[1]?.indexOf('"'));
    expect(lines[3]).toContain('AWS Secrets Manager rejects it');
  });

  it('check: warnings for names AWS advises against', () => {
    const run = vaultline(['names', 'check', '/prod//db']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("warning: '//' makes an empty path segment");
    expect(run.stdout).toContain("warning: a leading '/'");
  });

  it('check --json', () => {
    const run = vaultline(['names', 'check', '--json', 'a b']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        name: 'a b',
        valid: false,
        violations: [expect.objectContaining({ position: 1, character: ' ' })],
      }),
    ]);
  });

  it('suggest prints a valid name close to the text', () => {
    const run = vaultline(['names', 'suggest', 'Prod Orders DB!']);
    expect(run.status).toBe(0);
    const suggestion = run.stdout.trim();
    expect(vaultline(['names', 'check', suggestion]).status).toBe(0);
  });

  it('suggest joins several words', () => {
    const run = vaultline(['names', 'suggest', 'orders', 'db']);
    expect(run.stdout.trim()).toBe(vaultline(['names', 'suggest', 'orders db']).stdout.trim());
  });
});
