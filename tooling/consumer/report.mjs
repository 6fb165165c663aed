// The consumer test's output: one line per check, then `N passed, N failed` alone on the last line.

/** Squeezes a reason onto one line and bounds it, so a failure never floods the log. */
export function oneLine(text, max = 700) {
  const flat = String(text)
    .replace(/\s*\n\s*/g, ' | ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

export function createReport(write = (line) => process.stdout.write(`${line}\n`)) {
  let passed = 0;
  let failed = 0;
  const pass = (name, detail) => {
    passed++;
    write(`pass  ${name}${detail ? `: ${oneLine(detail)}` : ''}`);
  };
  const fail = (name, reason) => {
    failed++;
    write(`FAIL  ${name}: ${oneLine(reason)}`);
  };
  return {
    pass,
    fail,
    /** A line that is not a check (what ran, what was skipped and why). */
    note: (text) => write(`note  ${oneLine(text, 2000)}`),
    /** Runs one check: it passes with the detail it returns, fails with the message it throws. */
    async check(name, body) {
      try {
        pass(name, await body());
        return true;
      } catch (error) {
        fail(name, error instanceof Error ? error.message : String(error));
        return false;
      }
    },
    get failed() {
      return failed;
    },
    /** Prints the summary line; returns the exit code. */
    finish() {
      write(`${passed} passed, ${failed} failed`);
      return failed === 0 ? 0 : 1;
    },
  };
}
