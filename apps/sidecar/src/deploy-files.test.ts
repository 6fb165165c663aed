import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDir } from '@vaultline/test-utils';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadSidecarSettings } from './settings-sources.js';

const deploy = (name: string) => fileURLToPath(new URL(`../deploy/${name}`, import.meta.url));

// The deployment files are documentation users copy: their settings must stay valid.
describe('deployment files', () => {
  it('deploy/sidecar.toml is valid settings', () => {
    const { settings } = loadSidecarSettings({ file: deploy('sidecar.toml') });
    expect(settings.tokens[0]).toMatchObject({ name: 'orders', secrets: ['prod/orders/'] });
  });

  it("the Kubernetes example's embedded settings are valid and its token paths agree", async () => {
    const documents = parseAllDocuments(
      readFileSync(deploy('kubernetes-sidecar.yaml'), 'utf8'),
    ).map((document) => document.toJS());
    const configMap = documents.find((document) => document.kind === 'ConfigMap');
    await using dir = await createTempDir();
    const file = join(dir.path, 'sidecar.toml');
    writeFileSync(file, configMap.data['sidecar.toml']);
    const { settings } = loadSidecarSettings({ file });
    expect(settings.tokens[0]?.token).toBe('file:///var/run/vaultline/token');
    const text = readFileSync(deploy('kubernetes-sidecar.yaml'), 'utf8');
    expect(text).toContain('> /var/run/vaultline/token');
  });

  it('the systemd unit writes the token where AWS_TOKEN points', () => {
    const unit = readFileSync(deploy('vaultline-sidecar.service'), 'utf8');
    expect(unit).toContain('> /run/vaultline/token');
    expect(unit).toContain('Environment=AWS_TOKEN=file:///run/vaultline/token');
    expect(unit).toMatch(/^ExecStartPre=/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
  });
});
