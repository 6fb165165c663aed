import { describe, expect, it } from 'vitest';
import { startTestEmulator } from './emulator.js';

describe('startTestEmulator', () => {
  it('starts an example scenario on 127.0.0.1 and closes it on dispose', async () => {
    let url: string;
    {
      await using emu = await startTestEmulator({ scenario: 'single-account' });
      url = emu.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const credentials = await emu.credentialsOf('developer');
      expect(credentials.accessKeyId).toMatch(/^AKIA/);
      expect((await emu.user('developer')).arn).toBe('arn:aws:iam::111111111111:user/developer');
    }
    await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
  });

  it('names a missing example clearly', async () => {
    await expect(startTestEmulator({ scenario: 'no-such-scenario' })).rejects.toThrow(
      /no example scenario 'no-such-scenario'/,
    );
  });
});
