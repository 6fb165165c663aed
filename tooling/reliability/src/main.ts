#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runReliability } from './run.js';

// `pnpm reliability` / `pnpm reliability:ci`: run every check, print one table, exit 1
// when any figure is outside its bound (2 for a usage error).
async function main(): Promise<number> {
  let values: { profile?: string; only?: string; help?: boolean };
  try {
    values = parseArgs({
      options: {
        profile: { type: 'string', default: 'full' },
        only: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`vaultline-reliability: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(
      'Usage: vaultline-reliability [--profile full|ci] [--only soak,injected-leak,leaks,fuzz,security]\n',
    );
    return 0;
  }
  const report = await runReliability({
    profile: values.profile ?? 'full',
    ...(values.only ? { only: values.only.split(',').map((item) => item.trim()) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`\n${report.table}\n`);
  const gated = report.figures.filter((figure) => figure.kind !== 'report');
  process.stdout.write(
    `\n${report.passed ? 'PASS' : 'FAIL'}: ${gated.filter((f) => f.pass).length}/${gated.length} figures inside their bounds (profile ${report.profile}, ${Math.round(report.elapsedMs / 1000)} s)\n`,
  );
  return report.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `vaultline-reliability: the suite could not run: ${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
