import type { Output } from '../context.js';

// pino's numeric levels.
const LEVELS: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
// Fields every line has, or that the head of the line already shows.
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

const fieldText = (value: unknown): string =>
  typeof value === 'string' && /^\S+$/.test(value) ? value : JSON.stringify(value);

/**
 * One pino JSON line as a person reads it: `14:03:07 WARN  message key=value ...` (local
 * time). A line that is not a JSON object is returned unchanged.
 *
 * @example
 * formatLogLine('{"level":40,"time":0,"msg":"slow","ms":812}'); // '00:00:00 WARN  slow ms=812'
 */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const time =
    typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '--:--:--';
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level ?? '')).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return [time, level, String(entry.msg ?? ''), ...fields].join(' ');
}

/**
 * A pino destination that writes each JSON line through `formatLogLine`: `vaultline dev`'s
 * log on a terminal. Elsewhere the log stays JSON, for machines.
 *
 * @example
 * startSidecar({ ..., logDestination: humanLogDestination(process.stderr) });
 */
export function humanLogDestination(out: Output): { write(text: string): void } {
  return {
    write(text: string) {
      const lines = text.split('\n').filter((line) => line.length > 0);
      out.write(lines.map((line) => `${formatLogLine(line)}\n`).join(''));
    },
  };
}
