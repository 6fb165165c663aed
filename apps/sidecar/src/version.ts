import { readFileSync } from 'node:fs';

/**
 * This package's version, read from its package.json (one level above both `src/` and the
 * bundle's `dist/`); "0.0.0" when it cannot be read.
 *
 * @example
 * sidecarVersion(); // '0.3.0'
 */
export function sidecarVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
