import {
  parseAwsHost,
  parseConfig,
  parseConfigText,
  parseInterpolatedValue,
  parseRoleArn,
  suggestRegion,
} from '@vaultline/config';
import {
  formatSecretReference,
  isValidSecretName,
  parseSecretArn,
  parseSecretReference,
  suggestSecretName,
  validateSecretName,
} from '@vaultline/secret-names';
import fc from 'fast-check';

/** The outcome of one parser property: runs made and what went wrong (first few). */
export interface ParserFuzzOutcome {
  property: string;
  runs: number;
  failures: number;
  examples: string[];
}

const sample = (value: unknown) => {
  try {
    return JSON.stringify(value).slice(0, 160);
  } catch {
    return String(value).slice(0, 160);
  }
};

/** Strings that look like names, ARNs and references, plus arbitrary unicode. */
const nameLike = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc
    .array(
      fc.constantFrom(
        'prod',
        '/',
        ':',
        'arn',
        'aws',
        'secretsmanager',
        'secret',
        'us-east-2',
        '111111111111',
        '-AbCdEf',
        '#',
        'AWSCURRENT',
        '@',
        '.',
        '%',
        ' ',
        '${',
        '}',
        'secret:',
        '\u0000',
        'é',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
);

const VALID_CONFIG = {
  vault: {
    type: 'aws-secrets-manager',
    authType: 'role-based',
    region: 'us-east-2',
    iamRole: 'arn:aws:iam::111111111111:role/vaultline-agent',
  },
  connections: {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: vaultline's interpolation syntax
    app: { password: { secret: 'prod/app:password' }, url: 'x${secret:prod/a}' },
  },
};

/** A valid config with one value somewhere replaced by anything. */
const mutatedConfig = fc
  .tuple(
    fc.constantFrom('vault', 'connections', 'root'),
    fc.string({ maxLength: 20 }),
    fc.anything({ maxDepth: 3 }),
  )
  .map(([where, key, value]) => {
    const copy = structuredClone(VALID_CONFIG) as Record<string, Record<string, unknown>>;
    if (where === 'root') (copy as Record<string, unknown>)[key] = value;
    else (copy[where] as Record<string, unknown>)[key] = value;
    return copy;
  });

/** YAML-ish text: random lines of `key: value` with indentation and flow syntax. */
const yamlText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('', '  ', '    '),
        fc.constantFrom('vault', 'type', 'authType', 'region', 'iamRole', 'connections', 'x', '- '),
        fc.constantFrom(': ', ':', ' '),
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom('{', '[', '&a', '*a', '!!binary', '"', "'", '|', '>', '~', 'null'),
        ),
      ),
      { maxLength: 12 },
    )
    .map((lines) => lines.map((parts) => parts.join('')).join('\n')),
);

/**
 * Fast-check properties of the name, reference and config parsers: none of them may
 * throw on any input (they return result unions), suggestions are valid names, and a
 * parsed reference survives formatting. Every run is made; failures are counted.
 *
 * @example
 * const outcomes = fuzzParsers({ numRuns: 500, timeLimitMs: 10_000 });
 */
export function fuzzParsers(options: {
  numRuns: number;
  timeLimitMs: number;
}): ParserFuzzOutcome[] {
  const outcomes: ParserFuzzOutcome[] = [];
  const run = <T>(property: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => void) => {
    const outcome: ParserFuzzOutcome = { property, runs: 0, failures: 0, examples: [] };
    fc.check(
      fc.property(arbitrary, (value) => {
        outcome.runs++;
        try {
          check(value);
        } catch (error) {
          outcome.failures++;
          if (outcome.examples.length < 3) {
            outcome.examples.push(
              `${sample(value)} -> ${(error as Error)?.message ?? String(error)}`,
            );
          }
        }
        return true;
      }),
      { numRuns: options.numRuns, interruptAfterTimeLimit: options.timeLimitMs },
    );
    outcomes.push(outcome);
  };
  const mustBe = (condition: boolean, what: string) => {
    if (!condition) throw new Error(what);
  };

  run(
    'secret-names: validateSecretName, parseSecretArn, parseSecretReference',
    nameLike,
    (text) => {
      validateSecretName(text);
      isValidSecretName(text);
      parseSecretArn(text);
      const reference = parseSecretReference(text);
      if (reference.ok) {
        const again = parseSecretReference(formatSecretReference(reference.value));
        mustBe(
          again.ok,
          `formatSecretReference output does not parse back: ${sample(formatSecretReference(reference.value))}`,
        );
        mustBe(
          again.ok && sample(again.value) === sample(reference.value),
          'a formatted reference parses to another reference',
        );
      }
    },
  );
  run('secret-names: suggestSecretName gives a valid name', nameLike, (text) => {
    const name = suggestSecretName(text);
    mustBe(isValidSecretName(name), `suggestion ${sample(name)} is not a valid name`);
  });
  run('config: parseConfig(anything)', fc.anything({ maxDepth: 4 }), (value) => {
    parseConfig(value);
  });
  run('config: parseConfig(a valid config with one value replaced)', mutatedConfig, (value) => {
    parseConfig(value);
  });
  run('config: parseConfigText(YAML-ish text)', yamlText, (text) => {
    parseConfigText(text);
  });
  run('config: interpolation, role ARN, region, and host readers', nameLike, (text) => {
    parseInterpolatedValue(text);
    parseRoleArn(text);
    suggestRegion(text);
    parseAwsHost(text);
  });
  return outcomes;
}
