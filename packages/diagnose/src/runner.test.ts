import { REDACTED } from '@vaultline/secret-names';
import { describe, expect, it } from 'vitest';
import { StepRunner } from './runner.js';

describe('StepRunner', () => {
  it("scrubs protected values and key-shaped text with secret-names' marker", async () => {
    const runner = new StepRunner();
    runner.protect('canary-value-7f3a');
    runner.protect('abc'); // too short to tell from ordinary text: left alone
    const step = await runner.run('read-secret', 'GetSecretValue', 'app/db', async () => ({
      status: 'fail',
      finding: `read canary-value-7f3a, abc and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
      remedy: 'do not print canary-value-7f3a',
    }));
    expect(step.finding).toBe(`read ${REDACTED}, abc and ${REDACTED}`);
    expect(step.remedy).toBe(`do not print ${REDACTED}`);
  });

  it('scrubs the message of a check that throws', async () => {
    const runner = new StepRunner();
    runner.protect('canary-value-7f3a');
    const step = await runner.run('config', 'config', undefined, async () => {
      throw new Error('boom near canary-value-7f3a');
    });
    expect(step).toMatchObject({ status: 'fail', problem: 'UNKNOWN' });
    expect(step.finding).toBe(`the check itself failed: boom near ${REDACTED}`);
  });
});
