import { existsSync } from 'node:fs';

/** Debian's AWS CLI v2 (apt package awscli), which .ci/run installs before the tests. */
export const AWS_CLI = '/usr/bin/aws';

/** Whether tests that drive the AWS CLI can run, and why not. */
export interface AwsCliAvailability {
  available: boolean;
  /** Why the tests are skipped, for `describe.skipIf` titles and a warning line. */
  reason?: string;
}

/**
 * Whether the AWS CLI is installed. Outside CI its absence skips the tests that need it (with
 * the reason); under CI (`CI` set) it throws, so a missing CLI fails the run instead of
 * passing it with those tests unrun.
 *
 * @example
 * const cli = awsCliAvailability();
 * describe.skipIf(!cli.available)(`through the AWS CLI${cli.reason ? ` (skipped: ${cli.reason})` : ''}`, () => {});
 */
export function awsCliAvailability(
  options: { env?: NodeJS.ProcessEnv; path?: string } = {},
): AwsCliAvailability {
  const { env = process.env, path = AWS_CLI } = options;
  if (existsSync(path)) return { available: true };
  if (env.CI) {
    throw new Error(
      `${path} is missing but CI is set: install the apt package awscli (.ci/run does).`,
    );
  }
  return { available: false, reason: `${path} is not installed (apt package awscli)` };
}
