import { describe, expect, it } from 'vitest';
import { awsCliAvailability } from './aws-cli.js';

describe('awsCliAvailability', () => {
  const missing = '/nonexistent/aws';

  it('skips, with the reason, when the AWS CLI is missing outside CI', () => {
    expect(awsCliAvailability({ env: {}, path: missing })).toEqual({
      available: false,
      reason: `${missing} is not installed (apt package awscli)`,
    });
  });

  it('fails under CI when the AWS CLI is missing', () => {
    expect(() => awsCliAvailability({ env: { CI: 'true' }, path: missing })).toThrow(
      /is missing but CI is set: install the apt package awscli/,
    );
  });

  it('is available when the program exists, in CI or not', () => {
    expect(awsCliAvailability({ env: { CI: 'true' }, path: process.execPath })).toEqual({
      available: true,
    });
  });
});
