// Reads the AWS SDK's partition data (region codes, names, DNS suffixes) from the installed
// @aws-sdk/core. The file is internal to the SDK and has moved between versions, so it is
// found by name rather than by a fixed path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const findFile = (dir, names) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry === 'node_modules') continue;
      const found = findFile(path, names);
      if (found) return found;
    } else if (names.includes(entry)) {
      return path;
    }
  }
  return undefined;
};

/** The SDK's partitions, reduced to what vaultline uses, in the SDK's order. */
export function readSdkPartitions() {
  const packageJsonPath = require.resolve('@aws-sdk/core/package.json');
  const packageDir = dirname(packageJsonPath);
  const file = findFile(packageDir, ['partitions.json', 'partitions.js']);
  if (!file) throw new Error(`no partitions.json or partitions.js under ${packageDir}`);
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
  const version = JSON.parse(readFileSync(packageJsonPath, 'utf8')).version;
  const partitions = data.partitions.map((partition) => ({
    id: partition.id,
    dnsSuffix: partition.outputs.dnsSuffix,
    dualStackDnsSuffix: partition.outputs.dualStackDnsSuffix,
    // The region a partition's global endpoints (sts.amazonaws.com) are signed for.
    implicitGlobalRegion: partition.outputs.implicitGlobalRegion,
    regionRegex: partition.regionRegex,
    regions: Object.entries(partition.regions)
      // `aws-global` and friends are signing aliases, not places a secret can live.
      .filter(([code]) => !code.endsWith('-global'))
      .map(([code, info]) => [code, info.description]),
  }));
  return { source: `@aws-sdk/core@${version}`, partitions };
}
