import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL servers live in /usr/lib/postgresql/<major>/bin (apt package postgresql). */
const POSTGRES_ROOT = '/usr/lib/postgresql';
/** The client every Debian postgresql install brings (postgresql-client-common's wrapper). */
export const PSQL = '/usr/bin/psql';

/** Whether tests that run a PostgreSQL server can run, the server's bin folder, and why not. */
export interface PostgresAvailability {
  available: boolean;
  bin?: string;
  reason?: string;
}

const newestBin = (): string | undefined => {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const majors = readdirSync(POSTGRES_ROOT)
    .filter(
      (entry) => /^\d+$/.test(entry) && existsSync(join(POSTGRES_ROOT, entry, 'bin', 'initdb')),
    )
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(POSTGRES_ROOT, majors[0], 'bin');
};

/**
 * Whether a PostgreSQL server and psql are installed. Outside CI their absence skips the
 * tests (with the reason); under CI (`CI` set) it throws: .ci/run installs the package, so a
 * missing server fails the run instead of passing it with those tests unrun.
 *
 * @example
 * const pg = postgresAvailability();
 * it.skipIf(!pg.available)(`logs in${pg.reason ? ` (skipped: ${pg.reason})` : ''}`, async () => {});
 */
export function postgresAvailability(env: NodeJS.ProcessEnv = process.env): PostgresAvailability {
  const bin = newestBin();
  if (bin && existsSync(PSQL)) return { available: true, bin };
  const reason = `no PostgreSQL server under ${POSTGRES_ROOT}/<major>/bin or no ${PSQL} (apt package postgresql)`;
  if (env.CI) throw new Error(`${reason}, but CI is set: .ci/run installs it`);
  return { available: false, reason };
}

function run(
  file: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      file,
      args,
      { env: options.env ?? process.env },
      (error, stdout, stderr) =>
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          // A program that could not be started (ENOENT) has no stderr: say why instead.
          stderr: error && typeof error.code !== 'number' ? `${stderr}${error.message}` : stderr,
        }),
    );
    // A program that exits (or never starts) before reading its input: the status tells.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** A throwaway PostgreSQL cluster on 127.0.0.1; dispose to stop it and remove its files. */
export interface TestPostgres extends AsyncDisposable {
  host: string;
  port: number;
  /** Runs SQL as the superuser over the cluster's Unix socket (trusted there, so no password). */
  sql(statements: string): Promise<{ status: number; stdout: string; stderr: string }>;
  /** Runs psql over TCP with a password, as a client would; the password goes in PGPASSWORD. */
  login(
    user: string,
    password: string,
    database: string,
    query: string,
  ): Promise<{ status: number; stdout: string; stderr: string }>;
}

/**
 * Starts a cluster in a new temporary folder on a free port: local socket trusted for the
 * superuser, TCP logins by SCRAM password. `initdb` and the server refuse to run as root, so
 * as root they run as the `postgres` user the package creates (the folder is given to it).
 *
 * @example
 * await using pg = await startTestPostgres(availability.bin!);
 * await pg.sql("CREATE ROLE app LOGIN PASSWORD 'x'");
 */
export async function startTestPostgres(bin: string): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'vaultline-pg-'));
  const port = await freePort();
  const stop = await startCluster(bin, dir, port);
  return {
    host: '127.0.0.1',
    port,
    ...clientsOf(dir, port),
    [Symbol.asyncDispose]: stop,
  };
}

const LOCALE = { LANG: 'C', LC_ALL: 'C' };

// runuser lives in /usr/sbin (util-linux), which a CI shell's PATH may lack.
const RUNUSER =
  ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((path) => existsSync(path)) ??
  'runuser';

/** initdb and pg_ctl start in `dir` (as postgres when root); returns the stop function. */
async function startCluster(bin: string, dir: string, port: number): Promise<() => Promise<void>> {
  const asServer = userInfo().uid === 0 ? [RUNUSER, '-u', 'postgres', '--'] : [];
  const server = (tool: string, args: string[]) => {
    const [file = '', ...rest] = [...asServer, join(bin, tool), ...args];
    return run(file, rest, { env: { PATH: process.env.PATH ?? '', ...LOCALE } });
  };
  if (asServer.length > 0) {
    const { uid, gid } = await postgresIds();
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const stop = async () => {
    await server('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const auth = ['--auth-local=trust', '--auth-host=scram-sha-256'];
    await expectOk(server('initdb', ['-D', data, '-U', 'postgres', ...auth]), 'initdb');
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
    const log = join(dir, 'server.log');
    await expectOk(
      server('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', 'start']),
      'pg_ctl start',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

/** psql as the superuser over the socket in `dir`, and as a client over TCP with a password. */
function clientsOf(dir: string, port: number): Pick<TestPostgres, 'sql' | 'login'> {
  const env = { PATH: process.env.PATH ?? '', ...LOCALE };
  const at = ['-p', String(port)];
  return {
    sql: (statements) =>
      run(
        PSQL,
        ['-X', '-v', 'ON_ERROR_STOP=1', '-h', dir, ...at, '-U', 'postgres', '-d', 'postgres'],
        {
          input: statements,
          env,
        },
      ),
    login: (user, password, database, query) =>
      run(PSQL, ['-X', '-At', '-h', '127.0.0.1', ...at, '-U', user, '-d', database, '-c', query], {
        env: { ...env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
      }),
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  if (uid.status !== 0)
    throw new Error('running as root, but there is no postgres user to run the server as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function expectOk(
  result: Promise<{ status: number; stdout: string; stderr: string }>,
  what: string,
): Promise<void> {
  const { status, stdout, stderr } = await result;
  if (status !== 0) throw new Error(`${what} failed (exit ${status}):\n${stdout}\n${stderr}`);
}
