#!/usr/bin/env node
// Fails when a function in packages/, apps/ or tooling/ source (tests and generated files
// aside) is longer than the limit, so a reader never has to hold a long function in mind.
// Functions that stay long on purpose are listed in ALLOWED with the reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const LIMIT = 80;
const ROOTS = ['packages', 'apps', 'tooling'];
/** `file#function` → why it stays long. */
const ALLOWED = new Map([
  [
    'packages/auth/src/to-auth-error.ts#mapSts',
    'one switch that is a table: each case maps an STS error code to a code and a hint',
  ],
  [
    'apps/sidecar/src/metrics.ts#createSidecarMetrics',
    'the declarations of every metric the sidecar exports, read together as its /metrics contract',
  ],
]);

const isSource = (path) =>
  /\.(ts|mts|mjs|js)$/.test(path) &&
  !/\.(test|property\.test|e2e\.test|int\.test)\.[mc]?[jt]s$/.test(path) &&
  !path.endsWith('.d.ts') &&
  !path.includes('.generated.');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'test' || entry.startsWith('.'))
      continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.includes('/src/') && isSource(path)) yield path;
  }
}

const nameOf = (node, source) => {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
};

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessor(node) ||
  ts.isSetAccessor(node);

export function longFunctions(root = process.cwd(), limit = LIMIT) {
  const found = [];
  for (const dir of ROOTS)
    for (const path of sourceFiles(join(root, dir))) {
      const text = readFileSync(path, 'utf8');
      const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
      const visit = (node) => {
        if (isFunction(node) && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
          const end = source.getLineAndCharacterOfPosition(node.end).line;
          const lines = end - start + 1;
          if (lines > limit)
            found.push({
              file: relative(root, path),
              name: nameOf(node, source),
              line: start + 1,
              lines,
            });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  return found;
}

const found = longFunctions();
const failing = found.filter((f) => !ALLOWED.has(`${f.file}#${f.name}`));
for (const f of found)
  console.log(
    `${ALLOWED.has(`${f.file}#${f.name}`) ? 'allowed' : 'TOO LONG'}  ${f.file}:${f.line} ${f.name} (${f.lines} lines)`,
  );
if (failing.length > 0) {
  console.error(
    `${failing.length} function(s) over ${LIMIT} lines: split them by what each part does, or list one in ALLOWED (tooling/scripts/check-function-length.mjs) with the reason.`,
  );
  process.exit(1);
}
console.log(`check:function-length: no function over ${LIMIT} lines (${ALLOWED.size} allowed).`);
