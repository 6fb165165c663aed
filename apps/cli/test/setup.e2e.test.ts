import { spawnSync } from 'node:child_process';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmulatorControl } from '@vaultline/emulator';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLI, EXAMPLES, vaultline } from './helpers.js';
import { hasScript, startInPty } from './pty.js';
import { startVaultline, vaultlineAsync } from './spawn.js';

const ROLE = 'arn:aws:iam::111122223333:role/vaultline-agent';
const CANARY_KEY = 'CANARYkeyCANARYkeyCANARYkeyCANARYkey5678';

describe('vaultline policy', () => {
  const config = join(EXAMPLES, 'cross-account.yaml');

  it('--list names the documents this setup needs', () => {
    const run = vaultline(['--config', config, 'policy', '--list']);
    expect(run.status, run.stderr).toBe(0);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toContain('read-policy');
    expect(ids).toContain('secret-resource-policy');
    expect(ids).toContain('agent-cross-account-policy');
    // With no document named, policy lists them too (it used to exit 2).
    const bare = vaultline(['--config', config, 'policy']);
    expect(bare.status, bare.stderr).toBe(0);
    expect(bare.stdout).toBe(run.stdout);
  });

  it('prints one document for people, or its JSON with --json', () => {
    const people = vaultline(['--config', config, 'policy', 'read-policy']);
    expect(people.stdout).toMatch(/^# .*\(read-policy\)$/m);
    expect(people.stdout).toMatch(/^# Attach to: /m);
    const json = vaultline(['--config', config, 'policy', 'agent-cross-account-policy', '--json']);
    const document = JSON.parse(json.stdout);
    expect(document.Version).toBe('2012-10-17');
    expect(JSON.stringify(document)).toContain('secret:shared/orders/db');
  });

  it('--secret-arn and --kms-key-arn scope the documents', () => {
    const key = 'arn:aws:kms:us-east-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const secret = 'arn:aws:secretsmanager:us-east-2:444455556666:secret:other/db-AbCdEf';
    const run = vaultline([
      '--config',
      config,
      'policy',
      'kms-key-policy',
      '--json',
      '--secret-arn',
      secret,
      '--kms-key-arn',
      key,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('kms:ViaService');
  });

  it('works without a config from --region and flags', async () => {
    await using dir = await createTempDir();
    const run = vaultline(
      [
        '--region',
        'us-east-2',
        'policy',
        'trust-policy',
        '--json',
        '--iam-role',
        ROLE,
        '--instance-role-arn',
        'arn:aws:iam::111122223333:role/ec2-host',
      ],
      { cwd: dir.path },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('arn:aws:iam::111122223333:role/ec2-host');
  });

  it('without a config or --region exits 2 and says which flags describe the setup', async () => {
    await using dir = await createTempDir();
    const run = vaultline(['policy', 'read-policy'], { cwd: dir.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline: no config file at vaultline\.yaml\nhint: .*--region R --auth-type T/,
    );
  });

  it('an unknown document exits 2 and lists the known ones', () => {
    const run = vaultline(['--config', config, 'policy', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline: unknown document 'nope'\nhint: expected one of read-policy, /,
    );
  });

  it('a document the setup does not need exits 2 with the reason', () => {
    const run = vaultline([
      '--config',
      join(EXAMPLES, 'access-key.yaml'),
      'policy',
      'trust-policy',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^vaultline: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('vaultline init', () => {
  it('--yes with flags writes a valid config and prints the IAM documents', async () => {
    await using dir = await createTempDir();
    const run = vaultline(
      [
        'init',
        '--yes',
        '--auth-type',
        'role-based',
        '--region',
        'us-east-2',
        '--iam-role',
        ROLE,
        '--external-id',
        'orders-7f3a',
        '--instance-role-arn',
        'arn:aws:iam::111122223333:role/ec2-host',
        '--connection',
        'orders-db',
        '--property',
        'password=secret:prod/orders/db:password',
        '--property',
        'host=db.internal',
      ],
      { cwd: dir.path },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote vaultline\.yaml: valid \(role-based in us-east-2\)$/m);
    expect(run.stdout).toContain('(read-policy)');
    expect(run.stdout).toContain('sts:ExternalId');
    expect(vaultline(['validate'], { cwd: dir.path }).status).toBe(0);
    const written = await readFile(join(dir.path, 'vaultline.yaml'), 'utf8');
    expect(written).toContain('secret: prod/orders/db:password');
    expect((await stat(join(dir.path, 'vaultline.yaml'))).mode & 0o777).toBe(0o644);
  });

  it('refuses to overwrite without --force (exit 2), and overwrites with it', async () => {
    await using dir = await createTempDir();
    await writeFile(join(dir.path, 'vaultline.yaml'), 'keep me\n');
    const args = ['init', '--yes', '--auth-type', 'instance-profile', '--region', 'eu-west-1'];
    const refused = vaultline(args, { cwd: dir.path });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^vaultline: vaultline\.yaml exists; not overwriting it\nhint: .*--force/,
    );
    expect(await readFile(join(dir.path, 'vaultline.yaml'), 'utf8')).toBe('keep me\n');
    expect(vaultline([...args, '--force'], { cwd: dir.path }).status).toBe(0);
  });

  it('asks for what flags do not give (piped answers), writes mode 0600 with a secret key, never prints it', async () => {
    await using dir = await createTempDir();
    const run = await vaultlineAsync(['--config', 'ak.yaml', 'init'], {
      cwd: dir.path,
      input: `access-key\nus-east-2\nAKIAIOSFODNN7EXAMPLE\n${CANARY_KEY}\n\n\n\n\n`,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('? Authentication type');
    expect(run.stdout).toContain('mode 0600');
    expect((await stat(join(dir.path, 'ak.yaml'))).mode & 0o777).toBe(0o600);
    expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
    expect(await readFile(join(dir.path, 'ak.yaml'), 'utf8')).toContain(CANARY_KEY);
  });

  it('asks for the key with AWS_SECRET_ACCESS_KEY set, and takes it only when the answer is empty, saying so', async () => {
    await using dir = await createTempDir();
    const run = await vaultlineAsync(['--config', 'ak.yaml', 'init'], {
      cwd: dir.path,
      env: { AWS_SECRET_ACCESS_KEY: CANARY_KEY },
      input: 'access-key\nus-east-2\nAKIAIOSFODNN7EXAMPLE\n\n\n\n\n\n',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      '? Secret access key (not shown; empty: the one in AWS_SECRET_ACCESS_KEY): ',
    );
    expect(run.stdout).toContain(
      'wrote ak.yaml (mode 0600: it holds the secret access key from AWS_SECRET_ACCESS_KEY)',
    );
    expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
    expect(await readFile(join(dir.path, 'ak.yaml'), 'utf8')).toContain(CANARY_KEY);
  });

  describe('never takes the secret access key from the command line or unasked from the environment', () => {
    const accessKey = [
      'init',
      '--yes',
      '--auth-type',
      'access-key',
      '--region',
      'us-east-2',
      '--access-key-id',
      'AKIAIOSFODNN7EXAMPLE',
    ];

    it('--secret-access-key VALUE exits 2, naming the ways to give it, and writes nothing', async () => {
      await using dir = await createTempDir();
      for (const args of [
        [...accessKey, '--secret-access-key', CANARY_KEY],
        [...accessKey, `--secret-access-key=${CANARY_KEY}`],
      ]) {
        const run = vaultline(args, { cwd: dir.path });
        expect(run.status).toBe(2);
        expect(run.stderr).toMatch(
          /^vaultline: --secret-access-key takes no value on the command line, .*process list: give the key with --secret-access-key-stdin, --secret-access-key-env NAME or at the prompt\nhint: /,
        );
        expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);
      }
      expect(await readdir(dir.path)).toEqual([]);
    });

    it('--yes with AWS_SECRET_ACCESS_KEY set but not named exits 2 and says how to use it', async () => {
      await using dir = await createTempDir();
      const run = vaultline(accessKey, {
        cwd: dir.path,
        env: { AWS_SECRET_ACCESS_KEY: CANARY_KEY },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('(init does not take AWS_SECRET_ACCESS_KEY unasked)');
      expect(run.stderr).toContain('hint: add --secret-access-key-env AWS_SECRET_ACCESS_KEY');
      expect(await readdir(dir.path)).toEqual([]);
    });

    it('--secret-access-key-env NAME and --secret-access-key-stdin write it, and say where it came from', async () => {
      await using dir = await createTempDir();
      const fromEnv = vaultline([...accessKey, '--secret-access-key-env', 'DEV_KEY'], {
        cwd: dir.path,
        env: { DEV_KEY: CANARY_KEY },
      });
      expect(fromEnv.status, fromEnv.stderr).toBe(0);
      expect(fromEnv.stdout).toContain('(mode 0600: it holds the secret access key from DEV_KEY)');
      expect(await readFile(join(dir.path, 'vaultline.yaml'), 'utf8')).toContain(CANARY_KEY);

      const fromStdin = await vaultlineAsync(
        ['--config', 'stdin.yaml', ...accessKey, '--secret-access-key-stdin'],
        { cwd: dir.path, input: `${CANARY_KEY}\n` },
      );
      expect(fromStdin.status, fromStdin.stderr).toBe(0);
      expect(fromStdin.stdout).toContain('from standard input');
      expect(await readFile(join(dir.path, 'stdin.yaml'), 'utf8')).toContain(
        `secretAccessKey: ${CANARY_KEY}\n`,
      );
      for (const run of [fromEnv, fromStdin])
        expect(run.stdout + run.stderr).not.toContain(CANARY_KEY);

      const unset = vaultline(
        ['--config', 'x.yaml', ...accessKey, '--secret-access-key-env', 'NOPE'],
        { cwd: dir.path },
      );
      expect(unset.status).toBe(2);
      expect(unset.stderr).toContain('--secret-access-key-env NOPE: NOPE is not set or is empty');
      const asking = vaultline(['--config', 'y.yaml', 'init', '--secret-access-key-stdin'], {
        cwd: dir.path,
      });
      expect(asking.status).toBe(2);
      expect(asking.stderr).toContain('add --yes');
    });
  });

  it('--force over a 0644 file writes a new file at 0600 and moves it into place, leaving no temporary file', async () => {
    await using dir = await createTempDir();
    const file = join(dir.path, 'vaultline.yaml');
    await writeFile(file, 'old: text\n');
    await chmod(file, 0o644);
    const before = await stat(file);
    const run = vaultline(
      [
        'init',
        '--yes',
        '--force',
        '--auth-type',
        'access-key',
        '--region',
        'us-east-2',
        '--access-key-id',
        'AKIAIOSFODNN7EXAMPLE',
        '--secret-access-key-env',
        'DEV_KEY',
      ],
      { cwd: dir.path, env: { DEV_KEY: CANARY_KEY } },
    );
    expect(run.status, run.stderr).toBe(0);
    const after = await stat(file);
    // A new file (not the old one rewritten and then chmod-ed): the key was never at 0644.
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(CANARY_KEY);
    expect(await readdir(dir.path)).toEqual(['vaultline.yaml']);
  });

  it('--yes without a required value exits 2 naming the flag', async () => {
    await using dir = await createTempDir();
    const run = vaultline(['init', '--yes', '--auth-type', 'role-based', '--region', 'us-east-2'], {
      cwd: dir.path,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^vaultline: --iam-role is required with --yes\nhint: /);
  });

  it('--yes reports every missing flag in one error, and writes nothing', async () => {
    await using dir = await createTempDir();
    const run = vaultline(['init', '--yes', '--auth-type', 'role-based'], { cwd: dir.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^vaultline: --region and --iam-role are required with --yes\nhint: vaultline init --yes --region <value> --iam-role <value>/,
    );
    const keys = vaultline(['init', '--yes', '--auth-type', 'access-key'], { cwd: dir.path });
    expect(keys.stderr).toMatch(
      /^vaultline: --region, --access-key-id and --secret-access-key-env are required with --yes\nhint: vaultline init --yes --region <value> --access-key-id <value> --secret-access-key-env NAME/,
    );
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('--yes checks each flag as the wizard checks a typed answer, and writes nothing when one is wrong', async () => {
    await using dir = await createTempDir();
    const role = [
      '--auth-type',
      'role-based',
      '--iam-role',
      'arn:aws:iam::111122223333:role/agent',
    ];
    const choice = vaultline(
      ['init', '--yes', '--region', 'us-east-2', ...role, '--source-credentials', 'environment'],
      { cwd: dir.path },
    );
    expect(choice.status).toBe(2);
    expect(choice.stderr).toMatch(
      /^vaultline: --source-credentials 'environment': expected one of instance-profile, default-chain\nhint: .*nothing was written/,
    );
    const region = vaultline(['init', '--yes', '--region', 'US East (Ohio)', ...role], {
      cwd: dir.path,
    });
    expect(region.status).toBe(2);
    expect(region.stderr).toMatch(/^vaultline: --region 'US East \(Ohio\)': .*us-east-2/);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('--instance-role-arn may name an IAM user (a CI or SSO source): the trust policy lets that user in', async () => {
    await using dir = await createTempDir();
    const run = vaultline(
      [
        'init',
        '--yes',
        '--region',
        'us-east-2',
        '--auth-type',
        'role-based',
        '--iam-role',
        'arn:aws:iam::111122223333:role/agent',
        '--source-credentials',
        'default-chain',
        '--instance-role-arn',
        'arn:aws:iam::111122223333:user/ci',
      ],
      { cwd: dir.path },
    );
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/must be an IAM role ARN/);
    expect(run.stdout).toContain('"AWS": "arn:aws:iam::111122223333:user/ci"');
  });

  it('--connection is repeatable: each keeps the --property and --env flags that follow it', async () => {
    await using dir = await createTempDir();
    const run = vaultline(
      [
        'init',
        '--yes',
        '--auth-type',
        'instance-profile',
        '--region',
        'us-east-2',
        '--connection',
        'prod',
        '--property',
        'password=secret:prod/db:password',
        '--property',
        'host=db.internal',
        '--env',
        'PGPASSWORD=password',
        '--connection',
        'app',
        '--property',
        'key=secret:app/api-key',
      ],
      { cwd: dir.path },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(vaultline(['validate'], { cwd: dir.path }).status).toBe(0);
    const written = parseYaml(await readFile(join(dir.path, 'vaultline.yaml'), 'utf8')) as {
      connections: unknown;
    };
    expect(written.connections).toEqual({
      prod: {
        password: { secret: 'prod/db:password' },
        host: 'db.internal',
        env: { PGPASSWORD: 'password' },
      },
      app: { key: { secret: 'app/api-key' } },
    });
  });

  it('a --property before any --connection, or a connection given twice, exits 2 and writes nothing', async () => {
    await using dir = await createTempDir();
    const base = ['init', '--yes', '--auth-type', 'instance-profile', '--region', 'us-east-2'];
    const orphan = vaultline([...base, '--property', 'host=x', '--connection', 'a'], {
      cwd: dir.path,
    });
    expect(orphan.status).toBe(2);
    expect(orphan.stderr).toMatch(/^vaultline: --property host=… comes before any --connection/);
    const badEnv = vaultline([...base, '--connection', 'a', '--property', 'x=1', '--env', 'X'], {
      cwd: dir.path,
    });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toMatch(/^vaultline: --env expects NAME=property/);
    const twice = vaultline([...base, '--connection', 'a', '--connection', 'a'], {
      cwd: dir.path,
    });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/^vaultline: --connection a is given twice/);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('a wrong region is refused before anything is written, with a suggestion', async () => {
    await using dir = await createTempDir();
    const run = vaultline(
      ['init', '--yes', '--auth-type', 'instance-profile', '--region', 'Ohio'],
      { cwd: dir.path },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^vaultline: --region 'Ohio': .*did you mean us-east-2\?/);
    expect(await readdir(dir.path)).toEqual([]);
  });
});

describe('vaultline emulator', () => {
  it('serves a scenario until SIGTERM; prints its URL and where the control token is', async () => {
    await using dir = await createTempDir();
    const started = startVaultline(
      ['emulator', '--scenario', join(EXAMPLES, 'scenarios', 'single-account.yaml'), '--port', '0'],
      { cwd: dir.path },
    );
    const [, url] = (await started.waitFor(
      /emulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
    )) as string[];
    expect(started.output().stdout).toContain('control token in .vaultline-dev/emulator.json');
    const state = JSON.parse(
      await readFile(join(dir.path, '.vaultline-dev', 'emulator.json'), 'utf8'),
    );
    expect(state.url).toBe(url);
    expect((await stat(join(dir.path, '.vaultline-dev', 'emulator.json'))).mode & 0o777).toBe(
      0o600,
    );
    const identities = await new EmulatorControl(url ?? '', state.controlToken).identities();
    expect(JSON.stringify(identities)).toContain('developer');
    const credentials = await vaultlineAsync(['emulator', 'credentials', 'developer'], {
      cwd: dir.path,
    });
    expect(credentials.stdout).toMatch(
      /^export AWS_ACCESS_KEY_ID='AKIA[A-Z0-9]+'\nexport AWS_SECRET_ACCESS_KEY='.+'\n$/,
    );
    started.child.kill('SIGTERM');
    expect((await started.done).status).toBe(0);
    await expect(fetch(`${url}/_emulator/identities`)).rejects.toThrow();
  });

  it('a bad port or scenario exits 2', async () => {
    expect(vaultline(['emulator', '--port', 'x']).status).toBe(2);
    const run = await vaultlineAsync(['emulator', '--scenario', join(EXAMPLES, 'role-based.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')[0]).toMatch(/^vaultline: /);
  });
});

describe('vaultline dev', () => {
  it('from an empty folder: the emulator with the built-in scenario, a ready config and the sidecar, and commands that work', async () => {
    await using dir = await createTempDir();
    const started = startVaultline(['dev'], { cwd: dir.path });
    await started.waitFor(/Stop with Ctrl-C/);
    const { stdout } = started.output();
    expect(stdout).toContain('(built-in single-account scenario; ');
    // Printed as a user types them, not as `node .../dist/cli.js`; vaultline is not on the
    // test's PATH, so one alias line comes first, and pasted with a command, that command works.
    const get = /^ {2}vaultline --config (\S+) get (\S+)$/m.exec(stdout);
    const commands = stdout.split('\n').filter((line) => !line.includes('alias vaultline='));
    expect(commands.join('\n')).not.toMatch(/node \S+cli\.js/);
    expect(get, stdout).not.toBeNull();
    const alias = /^ {2}(alias vaultline='[^']+')/m.exec(stdout)?.[1];
    expect(alias, stdout).toBeDefined();
    const pasted = spawnSync('sh', ['-c', `${alias}\n${get?.[0].trim()}:password`], {
      cwd: dir.path,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect(pasted.stdout, pasted.stderr).toBe('canary-7f3a91c2d4e8\n');
    const run = await vaultlineAsync(['--config', get?.[1] ?? '', 'get', `${get?.[2]}:password`], {
      cwd: dir.path,
    });
    expect(run).toMatchObject({ status: 0, stdout: 'canary-7f3a91c2d4e8\n' });
    const doctor = await vaultlineAsync(['--config', get?.[1] ?? '', 'doctor'], { cwd: dir.path });
    expect(doctor.status, doctor.stdout).toBe(0);
    // The sidecar is bundled with the CLI: dev always starts it.
    const curl = /curl -H '([^:]+): ([^']+)' '([^']+)'/.exec(stdout);
    expect(curl, started.output().stderr).not.toBeNull();
    const response = await fetch(curl?.[3] ?? '', {
      headers: { [curl?.[1] ?? '']: curl?.[2] ?? '' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('canary-7f3a91c2d4e8');
    expect((await stat(join(dir.path, '.vaultline-dev', 'vaultline.yaml'))).mode & 0o777).toBe(
      0o600,
    );
    started.child.kill('SIGINT');
    expect((await started.done).status).toBe(0);
  });
});

describe('vaultline dev, run again', () => {
  const devRun = async (cwd: string, args: string[] = []) => {
    const started = startVaultline(['dev', '--json', ...args], { cwd });
    await started.waitFor(/\n/);
    const session = JSON.parse(started.output().stdout);
    return { started, session };
  };
  const stop = async (started: ReturnType<typeof startVaultline>) => {
    started.child.kill('SIGINT');
    return started.done;
  };

  it('keeps its ports and token in .vaultline-dev/, so the printed commands stay the same; --port and --token are remembered', async () => {
    await using dir = await createTempDir();
    const first = await devRun(dir.path);
    expect((await stop(first.started)).status).toBe(0);
    const second = await devRun(dir.path);
    expect(second.session).toEqual(first.session);
    const port = Number(new URL(second.session.emulator.url).port);
    await stop(second.started);
    const token = 'Zq8vN3xLr2Tb7Hc4Wd9Fy6Jk1Ps5Gm0A';
    const chosen = await devRun(dir.path, ['--port', String(port), '--token', token]);
    expect(chosen.session.sidecar.token).toBe(token);
    await stop(chosen.started);
    const again = await devRun(dir.path);
    expect(again.session.sidecar.token).toBe(token);
    expect(again.session.emulator.url).toBe(first.session.emulator.url);
    expect(again.session.commands).toEqual(
      first.session.commands.map((line: string) =>
        line.replaceAll(first.session.sidecar.token, token),
      ),
    );
    expect((await stat(join(dir.path, '.vaultline-dev', 'dev.json'))).mode & 0o777).toBe(0o600);
    // Off a terminal, the sidecar's log stays JSON lines (a refused request logs a warning).
    const refused = await fetch(`${again.session.sidecar.url}/secretsmanager/get?secretId=x`);
    expect(refused.status).toBe(403);
    await again.started.waitFor(/refused a request/, 'stderr');
    const log = again.started.output().stderr.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(log)).toMatchObject({ level: 40, msg: expect.stringContaining('refused') });
    await stop(again.started);
  });

  it.skipIf(!hasScript)(
    'on a terminal, the sidecar log is lines for people, not JSON',
    async () => {
      await using dir = await createTempDir();
      const session = startInPty([process.execPath, CLI, 'dev'], {
        cwd: dir.path,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
      try {
        const screen = await session.waitFor(/Stop with Ctrl-C/);
        const url = /sidecar {4}(http:\/\/\S+)/.exec(screen)?.[1];
        expect((await fetch(`${url}/secretsmanager/get?secretId=x`)).status).toBe(403);
        const log = await session.waitFor(/refused a request[^\n]*\n/);
        expect(log).toMatch(/^\d\d:\d\d:\d\d WARN {2}refused a request .*reason=missing/m);
        expect(log).not.toContain('"level"');
      } finally {
        session.child.stdin?.write('\u0003'); // Ctrl-C
        await session.done;
      }
    },
  );

  it('finds the scenarios of the guides from any folder (shipped with the package)', async () => {
    await using dir = await createTempDir();
    const started = startVaultline(
      ['emulator', '--json', '--scenario', 'examples/scenarios/cross-account.yaml'],
      { cwd: dir.path },
    );
    await started.waitFor(/\n/);
    expect(JSON.parse(started.output().stdout).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await stop(started);
    const unknown = vaultline(['emulator', '--scenario', 'no-such-scenario'], { cwd: dir.path });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /^vaultline: no scenario file at no-such-scenario\nhint: .*cross-account, .*matrix\/role-based/,
    );
  });
});

describe('vaultline sidecar', () => {
  it("--help is the sidecar's, under its name here", () => {
    const run = vaultline(['sidecar', '--help']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^vaultline sidecar: a local credentials server/);
    expect(run.stdout).toContain('Usage: vaultline sidecar [--config settings.toml] [flags]');
    expect(run.stdout).toContain('--vaultline-config <file>');
  });

  it('starts the sidecar with its own options, serves a secret, and stops on SIGTERM', async () => {
    await using dir = await createTempDir();
    const emulator = startVaultline(
      ['emulator', '--scenario', join(EXAMPLES, 'scenarios', 'single-account.yaml')],
      { cwd: dir.path },
    );
    try {
      const [, url] = await emulator.waitFor(/listening on (http:\S+)/);
      const keys = await vaultlineAsync(
        ['--output', 'json', 'emulator', 'credentials', 'developer'],
        {
          cwd: dir.path,
        },
      );
      const { accessKeyId, secretAccessKey } = JSON.parse(keys.stdout) as Record<string, string>;
      const token = 'sidecar-test-token-0123456789abcdefghij';
      // --config and --region are the sidecar's here, not vaultline's.
      await writeFile(join(dir.path, 'sidecar.toml'), 'http_port = 0\nlog_level = "info"\n');
      const sidecar = startVaultline(
        ['sidecar', '--config', 'sidecar.toml', '--endpoint', url ?? '', '--region', 'us-east-2'],
        {
          cwd: dir.path,
          env: {
            AWS_TOKEN: token,
            AWS_ACCESS_KEY_ID: accessKeyId ?? '',
            AWS_SECRET_ACCESS_KEY: secretAccessKey ?? '',
          },
        },
      );
      const [, sidecarUrl] = await sidecar.waitFor(/"url":"(http:[^"]+)"/);
      const answer = await fetch(`${sidecarUrl}/secretsmanager/get?secretId=prod/db`, {
        headers: { 'X-Aws-Parameters-Secrets-Token': token },
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { SecretString: string }).SecretString).toContain(
        'canary-7f3a91c2d4e8',
      );
      sidecar.child.kill('SIGTERM');
      const done = await sidecar.done;
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toContain('vaultline sidecar stopped');
      expect(done.stdout).not.toContain('canary-7f3a91c2d4e8');
      expect(done.stdout).not.toContain(token);
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
    }
  });

  it('vaultline options before it are refused (they would not reach the sidecar)', () => {
    const run = vaultline(['--region', 'us-east-2', 'sidecar', '--http-port', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^vaultline: vaultline options cannot come before sidecar\nhint: /);
  });
});

describe('vaultline completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s lists the commands and their options', (shell) => {
    const run = vaultline(['completion', shell]);
    expect(run.status).toBe(0);
    for (const word of ['doctor', 'resolve', 'exec', '--dotenv', '--version-stage']) {
      expect(run.stdout).toContain(word.replace(/^--/, shell === 'fish' ? '' : '--'));
    }
  });

  it('the bash script is valid bash and completes subcommands', () => {
    const script = vaultline(['completion', 'bash']).stdout;
    const result = spawnSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=(vaultline re); COMP_CWORD=1; _vaultline; echo "\${COMPREPLY[@]}"\nCOMP_WORDS=(vaultline exec --do); COMP_CWORD=2; _vaultline; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toEqual(['resolve', '--dotenv', '']);
  });

  it('bash (and zsh, which runs the same functions): after global options, option values, connection names from the config', async () => {
    await using dir = await createTempDir();
    const config = (names: string[]) =>
      `vault:\n  authType: default-chain\n  region: us-east-2\nconnections:\n${names.map((name) => `  ${name}:\n    host: db.internal\n`).join('')}`;
    await writeFile(join(dir.path, 'vaultline.yaml'), config(['orders-db', 'api']));
    await writeFile(join(dir.path, 'other.yaml'), config(['other-one']));
    // `vaultline` on PATH, as installed: the script asks it for the connection names.
    await writeFile(
      join(dir.path, 'vaultline'),
      `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
      { mode: 0o755 },
    );
    const cases: [string, string][] = [
      ['vaultline --config other.yaml re', 'resolve'],
      ['vaultline --region us-east-2 -q li', 'list'],
      ["vaultline resolve --format ''", 'json env dotenv yaml'],
      ["vaultline --output ''", 'text json'],
      ["vaultline exec --connection ''", 'orders-db api'],
      ["vaultline --config other.yaml resolve ''", 'other-one'],
      ["vaultline -c other.yaml doctor --connection ''", 'other-one'],
      ["vaultline completion ''", 'bash zsh fish'],
      ['vaultline resolve --all --f', '--format'],
      ['vaultline list --js', '--json'],
    ];
    const script = `${vaultline(['completion', 'bash']).stdout}
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _vaultline; echo "\${COMPREPLY[*]}"; }
${cases.map(([line]) => `t ${line}`).join('\n')}`;
    const result = spawnSync('bash', ['-c', script], {
      cwd: dir.path,
      encoding: 'utf8',
      env: { PATH: `${dir.path}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '' },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n')).toEqual(cases.map(([, expected]) => expected));
    const zsh = vaultline(['completion', 'zsh']).stdout;
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('_vaultline_option_value');
  });

  it('fish: option values, connection names and file options', () => {
    const script = vaultline(['completion', 'fish']).stdout;
    expect(script).toMatch(
      /-n '__fish_seen_subcommand_from resolve' -l format -xa 'json env dotenv yaml'/,
    );
    expect(script).toMatch(/-l connection -xa '\(__vaultline_connections\)'/);
    expect(script).toMatch(/^complete -c vaultline -l config -s c -rF /m);
    expect(script).toContain('__connections');
  });

  it('an unknown shell exits 2', () => {
    expect(vaultline(['completion', 'tcsh']).status).toBe(2);
  });
});
