import type { startUpstream } from './stack.js';

/** One CLI invocation of the leak check and the canaries its stdout may carry. */
export interface CliCase {
  command: string;
  args: string[];
  /** Canary values that may appear on stdout (the values asked for). */
  stdoutMay?: string[];
  /** The canaries of `stdoutMay` must be printed (else the allowance proves nothing). */
  mustPrint?: boolean;
}

type Canaries = (name: string) => string[];

/** validate, get, describe and list: values asked for, and each way of asking wrongly. */
function readCases(canaries: Canaries): CliCase[] {
  return [
    { command: 'validate', args: ['validate', '--verbose'] },
    { command: 'validate', args: ['validate', '--json'] },
    {
      command: 'get',
      args: ['--verbose', 'get', 'prod/app1/token'],
      stdoutMay: canaries('prod/app1/token'),
    },
    {
      command: 'get',
      args: ['--verbose', 'get', 'prod/app1/db'],
      stdoutMay: canaries('prod/app1/db'),
    },
    { command: 'get', args: ['--verbose', 'get', 'prod/app1/db:no-such-key'] },
    { command: 'get', args: ['--verbose', 'get', 'prod/app1/db:password:extra'] },
    { command: 'get', args: ['--verbose', 'get', 'prod/app1/token:not-json'] },
    { command: 'get', args: ['--verbose', 'get', 'denied/secret'] },
    { command: 'get', args: ['--verbose', 'get', 'no/such/secret'] },
    {
      command: 'get',
      args: ['--verbose', 'get', 'prod/app1/token', '--version-id', 'bad-version'],
    },
    {
      command: 'get',
      args: ['--verbose', 'get', 'prod/app1/token', '--version-stage', 'AWSPREVIOUS'],
    },
    { command: 'describe', args: ['--verbose', 'describe', 'prod/app1/db'] },
    { command: 'list', args: ['--verbose', 'list'] },
  ];
}

/** resolve and doctor: a whole connection, broken and denied ones, and doctor's findings. */
function connectionCases(app1Values: string[]): CliCase[] {
  return [
    {
      command: 'resolve',
      args: ['--verbose', 'resolve', 'app1', '--format', 'json'],
      stdoutMay: app1Values,
    },
    { command: 'resolve', args: ['--verbose', 'resolve', 'broken'] },
    { command: 'resolve', args: ['--verbose', 'resolve', 'denied'] },
    { command: 'resolve', args: ['--verbose', 'resolve', 'no-such-connection'] },
    { command: 'doctor', args: ['--verbose', 'doctor'] },
    {
      command: 'doctor',
      args: [
        '--verbose',
        'doctor',
        '--connection',
        'broken',
        '--secret',
        'prod/app1/db:no-such-key',
      ],
    },
    { command: 'doctor', args: ['--verbose', 'doctor', '--json', '--secret', 'denied/secret'] },
  ];
}

/** exec: masked by default (the program prints its environment), the --no-mask control, failures. */
function execCases(app1Values: string[], envFile: string, brokenEnvFile: string): CliCase[] {
  // The program prints its environment but the caller's own AWS_* keys, which exec passes
  // through by design (without --pristine); the values vaultline resolved must be masked.
  const printEnv = [
    'node',
    '-e',
    "console.log(JSON.stringify(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))))",
  ];
  return [
    // exec masks values in the program's output by default: the program prints its
    // whole environment, which holds the values, and none may come through.
    { command: 'exec', args: ['--verbose', 'exec', '--connection', 'app1', '--', ...printEnv] },
    { command: 'exec', args: ['--verbose', 'exec', '--dotenv', envFile, '--', ...printEnv] },
    // The control: without masking the same program does print the values.
    {
      command: 'exec',
      args: ['--verbose', 'exec', '--no-mask', '--connection', 'app1', '--', ...printEnv],
      stdoutMay: app1Values,
      mustPrint: true,
    },
    {
      command: 'exec',
      args: ['--verbose', 'exec', '--dotenv', brokenEnvFile, '--', 'node', '-e', '0'],
    },
    {
      command: 'exec',
      args: ['--verbose', 'exec', '--connection', 'broken', '--', 'node', '-e', '0'],
    },
  ];
}

/**
 * The CLI commands of the leak check, on success and error paths, with --verbose, against
 * the stack's scenario; `envFile` and `brokenEnvFile` are the exec env files it wrote.
 */
export function leakCliCases(
  upstream: Awaited<ReturnType<typeof startUpstream>>,
  envFile: string,
  brokenEnvFile: string,
): CliCase[] {
  const canaries = (name: string) => upstream.scenario.canaries.get(name) ?? [];
  // Connection app1 reads the username and password keys of prod/app1/db (not host).
  const app1Values = canaries('prod/app1/db').slice(0, 2);
  return [
    ...readCases(canaries),
    ...connectionCases(app1Values),
    ...execCases(app1Values, envFile, brokenEnvFile),
  ];
}
