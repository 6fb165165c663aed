#!/usr/bin/env node
// The `vaultline` bin, copied to dist/cli.js by the build (build/finish.mjs); the CLI itself
// is the bundle dist/vaultline.cjs beside it. This file is plain CommonJS with no syntax
// newer than ES2015, so any Node.js parses it, and it checks the version before loading
// anything: on an unsupported Node it prints one line and exits 2, instead of failing
// somewhere in the bundle with a stack trace. Then it turns on Node's compile cache and
// loads the bundle.
'use strict';

const SUPPORTED = '^22.12.0 || >=24'; // engines.node of package.json (a test keeps them equal)
const [major, minor] = process.versions.node.split('.').map(Number);

if (major >= 24 || (major === 22 && minor >= 12)) {
  enableCompileCache();
  require('./vaultline.cjs');
} else {
  process.stderr.write(
    `vaultline: Node.js ${process.versions.node} (${process.execPath}) is not supported; use Node.js 22 (22.12 or later), 24 or newer (engines: ${SUPPORTED})\n`,
  );
  process.exitCode = 2;
}

/**
 * Node's compile cache (V8's code cache of the bundle, kept between runs, so a run skips
 * parsing and compiling the bundle's top level) in a directory private to vaultline:
 * $XDG_CACHE_HOME/vaultline/compile-cache, else ~/.cache/vaultline/compile-cache, created
 * 0700. Node writes its files in a subdirectory per Node version and user and deletes none.
 * When the directory cannot be made, or it or vaultline/ is not private (a symlink, another
 * owner, group or other permissions), vaultline runs without a cache. NODE_COMPILE_CACHE
 * (Node's own switch, for every module) takes precedence; NODE_DISABLE_COMPILE_CACHE=1
 * turns it off.
 */
function enableCompileCache() {
  const env = process.env;
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return;
  const fs = require('node:fs');
  const path = require('node:path');
  const isPrivate = (dir) => {
    const info = fs.lstatSync(dir);
    return (
      info.isDirectory() &&
      (process.getuid === undefined || (info.uid === process.getuid() && (info.mode & 0o077) === 0))
    );
  };
  try {
    const base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(require('node:os').homedir(), '.cache');
    const dir = path.join(base, 'vaultline', 'compile-cache');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (isPrivate(dir) && isPrivate(path.dirname(dir))) {
      require('node:module').enableCompileCache(dir);
    }
  } catch (_) {
    // no home directory, a read-only file system: run without a cache
  }
}
