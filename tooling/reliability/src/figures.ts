/**
 * How a measured figure is compared with its bound; `report` figures are printed for
 * information and never fail the run (their bound is ignored).
 */
export type BoundKind = 'max' | 'min' | 'equal' | 'report';

/** One measured figure of the suite, with the bound it must respect. */
export interface Figure {
  /** The check it belongs to: `chaos soak`, `leak canaries`, `fuzzing`, `security`. */
  check: string;
  /** What was measured, e.g. `hot-secret failed responses`. */
  name: string;
  /** The measured value; `undefined` when the measurement could not be made (fails). */
  value: number | undefined;
  /** `max`: value <= bound; `min`: value >= bound; `equal`: value === bound; `report`: none. */
  kind: BoundKind;
  bound: number;
  /** Unit printed after value and bound (`%`, `ms`, `MB`, ...). */
  unit?: string;
  /** One line of context printed under the table when the figure fails (or always, for notes). */
  detail?: string;
}

/** A figure with its verdict. */
export interface JudgedFigure extends Figure {
  pass: boolean;
}

/**
 * Whether a figure is inside its bound; an unmeasured figure never passes, a `report`
 * figure always does.
 *
 * @example
 * judge({ check: 'soak', name: 'crashes', value: 0, kind: 'max', bound: 0 }).pass; // true
 */
export function judge(figure: Figure): JudgedFigure {
  const { value, kind, bound } = figure;
  if (kind === 'report') return { ...figure, pass: true };
  const pass =
    value !== undefined &&
    Number.isFinite(value) &&
    (kind === 'max' ? value <= bound : kind === 'min' ? value >= bound : value === bound);
  return { ...figure, pass };
}

const SYMBOL: Record<Exclude<BoundKind, 'report'>, string> = { max: '<=', min: '>=', equal: '=' };

const format = (value: number | undefined, unit = ''): string => {
  if (value === undefined || !Number.isFinite(value)) return 'not measured';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return unit ? `${text} ${unit}` : text;
};

/**
 * Renders judged figures as one plain-text table (check, figure, value, bound, result),
 * followed by the detail line of every failing figure.
 *
 * @example
 * console.log(formatTable([judge({ check: 'security', name: 'X-Forwarded-For status', value: 400, kind: 'equal', bound: 400 })]));
 */
export function formatTable(figures: readonly JudgedFigure[]): string {
  const header = ['check', 'figure', 'value', 'bound', 'result'];
  const rows = figures.map((figure) => [
    figure.check,
    figure.name,
    format(figure.value, figure.unit),
    figure.kind === 'report'
      ? 'none'
      : `${SYMBOL[figure.kind]} ${format(figure.bound, figure.unit)}`,
    figure.kind === 'report' ? 'INFO' : figure.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const out = [line(header), rule, ...rows.map(line)];
  const failures = figures.filter((figure) => !figure.pass);
  if (failures.length > 0) {
    out.push('', `${failures.length} figure(s) outside their bound:`);
    for (const figure of failures) {
      out.push(`  - ${figure.check} / ${figure.name}: ${figure.detail ?? 'no detail recorded'}`);
    }
  }
  return out.join('\n');
}
