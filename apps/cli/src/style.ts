import type { CliContext, Output } from './context.js';

/** True when the output is a terminal (live progress, colors). */
export function isTerminal(output: Output): boolean {
  return (output as { isTTY?: boolean }).isTTY === true;
}

/** Color functions: real on a terminal without NO_COLOR (or with FORCE_COLOR), identity otherwise. */
export interface Style {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const paint = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/**
 * The colors for an output, honoring NO_COLOR (https://no-color.org) and FORCE_COLOR.
 *
 * @example
 * const { green } = styleFor(context, context.stdout); green('ok');
 */
export function styleFor(context: Pick<CliContext, 'env'>, output: Output): Style {
  const env = context.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const on = !noColor && (force || isTerminal(output));
  return on
    ? {
        green: paint(32, 39),
        red: paint(31, 39),
        yellow: paint(33, 39),
        dim: paint(2, 22),
        bold: paint(1, 22),
      }
    : { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
}
