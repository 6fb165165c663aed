#!/usr/bin/env node
// Fails when a workspace package depends on, or imports, a package above it in the layering:
// secret-names <- config <- auth <- resolver <- diagnose <- apps; policies and emulator sit
// beside the chain, and diagnose sits above both resolver and policies.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RANK = {
  '@vaultline/secret-names': 0,
  '@vaultline/config': 1,
  // Beside auth: above config, which it may use (CONTRIBUTING's layering), below diagnose.
  '@vaultline/policies': 2,
  '@vaultline/auth': 2,
  '@vaultline/resolver': 3,
  '@vaultline/emulator': 3,
  // The setup checks: above resolver and policies, beside the sidecar (neither uses the other).
  '@vaultline/diagnose': 4,
  '@vaultline/sidecar': 4,
  // The CLI starts the sidecar in-process for `vaultline dev`; the sidecar never imports the CLI.
  '@vaultline/cli': 5,
};
// What each layer may use besides lower ranks. policies and emulator stand beside the
// chain: they may use secret-names (and policies may use config), never auth or resolver.
const FORBIDDEN = {
  '@vaultline/policies': ['@vaultline/auth', '@vaultline/resolver', '@vaultline/emulator'],
  '@vaultline/emulator': [
    '@vaultline/config',
    '@vaultline/auth',
    '@vaultline/resolver',
    '@vaultline/policies',
  ],
  '@vaultline/auth': ['@vaultline/policies'],
  '@vaultline/diagnose': ['@vaultline/emulator'],
};

const roots = ['packages', 'apps'];
const problems = [];
const files = (dir) =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return entry === 'node_modules' || entry === 'dist' ? [] : files(path);
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [path] : [];
  });

for (const root of roots) {
  for (const dir of readdirSync(root)) {
    const pkgPath = join(root, dir, 'package.json');
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    } catch {
      continue;
    }
    const rank = RANK[pkg.name];
    if (rank === undefined) {
      problems.push(`${pkg.name}: not in the layering table of tooling/scripts/check-layers.mjs`);
      continue;
    }
    const allowed = (dep) =>
      dep === pkg.name ||
      dep === '@vaultline/test-utils' ||
      (RANK[dep] !== undefined && RANK[dep] < rank && !(FORBIDDEN[pkg.name] ?? []).includes(dep));
    const runtimeDeps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
    for (const dep of runtimeDeps) {
      if (dep.startsWith('@vaultline/') && !allowed(dep)) {
        problems.push(
          `${pkgPath}: ${pkg.name} depends on ${dep}, which is not below it in the layering`,
        );
      }
    }
    for (const file of files(join(root, dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*)['"](@vaultline\/[a-z-]+)/g)) {
        const dep = m[1];
        const isTest = /\.test\.ts$|\/test\//.test(file);
        if (!allowed(dep) && !(isTest && dep in RANK)) {
          problems.push(`${file}: imports ${dep}, which is not below ${pkg.name} in the layering`);
        }
      }
      if (
        /from\s+['"]\.\.\/\.\.\/\.\.\//.test(text) ||
        /from\s+['"](\.\.\/)+(packages|apps)\//.test(text)
      ) {
        problems.push(`${file}: reaches into another package by relative path; import it by name`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Layering check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Layering check: ok');
