#!/usr/bin/env node
// `pnpm release`: publish the packages that .changeset/*.md bump, from a clean checkout.
//   1. changeset version   versions and CHANGELOGs from the changesets (which it deletes)
//   2. turbo run build     so every dist, the CLI's included, is built at the new version
//   3. the consumer test   the tarballs at those versions, installed and used as a consumer would
//   4. changeset publish   npm publish of each public package whose version is not on npm yet,
//                          with the access of publishConfig / .changeset/config.json, and git tags
// No `pnpm install` is needed between 1 and 2: workspace dependencies are links in the
// lockfile, with no version in it, so `changeset version` leaves the lockfile as it was.
//
// `pnpm release --dry-run` does 1, 2 and 4 in a throwaway clone of HEAD (this checkout is not
// touched), with npm in dry-run mode, and prints each package's next version and the access
// npm would publish it with. It needs the npm registry (changeset publish asks which
// versions exist) but no npm login.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmPublishes, tarballName } from './npm-publish-log.mjs';
import { publicPackages } from './workspace.mjs';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const dryRun = process.argv.includes('--dry-run');

/** Runs one step with its output shown; stops the release when it fails. */
function step(title, command, args, { cwd = root, env = process.env } = {}) {
  console.log(`\n> ${title}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (status !== 0) throw new Error(`${title} failed (exit ${status}); nothing after it ran`);
}

const git = (args, cwd = root) => spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();

/** `vaultline --version` of the built CLI in `dir` equals its package.json version. */
function checkCliVersion(dir) {
  const { version } = JSON.parse(readFileSync(join(dir, 'apps/cli/package.json'), 'utf8'));
  const printed = spawnSync(process.execPath, [join(dir, 'apps/cli/dist/cli.js'), '--version'], {
    encoding: 'utf8',
  }).stdout.trim();
  if (printed !== version)
    throw new Error(`the built vaultline prints ${printed}, its package is ${version}`);
  console.log(`vaultline --version: ${printed}`);
}

function release() {
  if (git(['status', '--porcelain']) !== '') {
    throw new Error(
      'the working tree has changes: release from a clean checkout of main (commit or remove them first)',
    );
  }
  step('versions', 'pnpm', ['exec', 'changeset', 'version']);
  step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  checkCliVersion(root);
  step('consumer test', process.execPath, ['tooling/consumer/run.mjs', '--no-build']);
  step('publish', 'pnpm', ['exec', 'changeset', 'publish']);
  console.log(
    '\nPublished. Commit the versions and CHANGELOGs, then push with the tags: git push --follow-tags',
  );
}

async function releaseDryRun() {
  const work = mkdtempSync(join(tmpdir(), 'vaultline-release-'));
  const clone = join(work, 'repo');
  const npmLogs = join(work, 'npm-logs');
  try {
    if (git(['status', '--porcelain']) !== '')
      console.log('note: uncommitted changes are not part of the dry run (it clones HEAD)');
    step('clone of HEAD', 'git', ['clone', '--quiet', root, clone]);
    console.log(`commit ${git(['log', '-1', '--format=%h %s'], clone)}`);
    step(
      'install',
      'pnpm',
      ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'],
      { cwd: clone },
    );
    step('release plan', 'pnpm', ['exec', 'changeset', 'status', '--verbose'], { cwd: clone });
    step('versions', 'pnpm', ['exec', 'changeset', 'version'], { cwd: clone });
    step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
      cwd: clone,
    });
    checkCliVersion(clone);
    const env = {
      ...process.env,
      npm_config_dry_run: 'true',
      npm_config_logs_dir: npmLogs,
      npm_config_logs_max: '1000',
    };
    step('publish (npm dry run)', 'pnpm', ['exec', 'changeset', 'publish', '--no-git-tag'], {
      cwd: clone,
      env,
    });
    return summarise(await publicPackages(clone), npmPublishes(npmLogs));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One line per public package: its next version and what npm was asked to do with it. */
function summarise(packages, publishes) {
  console.log('\nWhat `changeset publish` would publish (npm --dry-run):');
  let missing = 0;
  for (const { name, version } of packages) {
    const published = publishes.find(({ argv }) => argv.includes(tarballName(name, version)));
    if (!published) missing++;
    const args = published?.argv
      .slice(1)
      .filter((arg) => arg !== '--json' && !arg.endsWith('.tgz'));
    const what = published
      ? `npm publish ${args.join(' ')}: ${published.notice ?? 'no "Publishing to" line'}`
      : 'NOT PUBLISHED';
    console.log(`  ${`${name}@${version}`.padEnd(32)} ${what}`);
  }
  const restricted = publishes.filter(({ notice }) => !notice?.includes('public access')).length;
  if (missing > 0 || restricted > 0)
    throw new Error(`${missing} package(s) not published, ${restricted} not with public access`);
}

try {
  if (dryRun) await releaseDryRun();
  else release();
} catch (error) {
  console.error(`\nrelease: ${error.message}`);
  process.exitCode = 1;
}
