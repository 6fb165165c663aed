// Each installed package's README (the one in its tarball): the first ```ts or ```js block,
// saved unchanged as an .mjs and run with the node under test. So a README example must be
// JavaScript that TypeScript also accepts (no type annotations): Node 22.12 does not strip
// types, and `await using` is a syntax error before Node 24. The types check compiles the same
// code as an .mts. Each example runs in a folder of its own holding only vaultline.yaml (for
// the emulator of world.mjs), with AWS_ENDPOINT_URL, AWS_REGION and the keys of its user in its
// environment, and must exit 0 within 30 s.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, failureOf, run } from '../process.mjs';
import { writeConfig } from '../world.mjs';

const TIMEOUT_MS = 30_000;
const FENCE = /^```(ts|typescript|js|javascript|mjs|mts)[ \t]*\n([\s\S]*?)^```[ \t]*$/m;

/** The code of the first ```ts/```js block of some markdown, or undefined. */
export function firstExample(markdown) {
  return FENCE.exec(markdown)?.[2];
}

/** The README examples of the installed packages: [{ name, code }]; notes those without one. */
export function readmeExamples(report, projectDir, installed) {
  const examples = [];
  for (const { name } of installed) {
    const readme = join(projectDir, 'node_modules', ...name.split('/'), 'README.md');
    const code = existsSync(readme) ? firstExample(readFileSync(readme, 'utf8')) : undefined;
    if (code === undefined)
      report.note(`${name}: its README has no \`\`\`ts or \`\`\`js example to run`);
    else examples.push({ name, code });
  }
  return examples;
}

/** Runs each example; `world` is what startWorld() resolved, or an Error saying why there is none. */
export async function checkReadmeExamples(report, projectDir, examples, world) {
  for (const { name, code } of examples) {
    await report.check(`README example of ${name} runs`, async () => {
      if (world instanceof Error)
        throw new Error(`no emulator to run it against: ${world.message}`);
      const dir = join(projectDir, 'readme', name.replace(/^@[^/]+\//, ''));
      mkdirSync(dir, { recursive: true });
      writeConfig(dir, world.url);
      writeFileSync(join(dir, 'example.mjs'), code);
      const started = performance.now();
      const result = await run(process.execPath, ['example.mjs'], {
        cwd: dir,
        env: childEnv(world.env),
        timeoutMs: TIMEOUT_MS,
      });
      if (result.code !== 0) throw new Error(failureOf(result, TIMEOUT_MS));
      return `exit 0 in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    });
  }
}
