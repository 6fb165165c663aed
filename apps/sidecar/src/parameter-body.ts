import type { ParameterValueResult } from './source.js';

/**
 * A time as the extension writes it (Go's RFC 3339 with nanoseconds): ISO 8601 in UTC
 * without trailing zeros in the fraction, `2022-11-16T08:22:40.362Z`, `...:40Z`.
 */
function goTime(value: Date | string | number | undefined): string | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.?0+Z$/, 'Z');
}

/**
 * The extension's success body: GetParameter's output as AWS's Go SDK serializes it, the
 * `Parameter` fields in alphabetical order with null for the absent ones, and an empty
 * `ResultMetadata`. `stale` is not part of it (the sidecar sends it as a header).
 *
 * @example
 * serializeParameter({ Name: '/prod/db/host', ARN: 'arn:...', Type: 'String', Value: 'db.internal', Version: 1, DataType: 'text' });
 * // '{"Parameter":{"ARN":"arn:...","DataType":"text","LastModifiedDate":null,"Name":"/prod/db/host","Selector":null,...},"ResultMetadata":{}}'
 */
export function serializeParameter(parameter: ParameterValueResult): string {
  return JSON.stringify({
    Parameter: {
      ARN: parameter.ARN ?? null,
      DataType: parameter.DataType ?? null,
      LastModifiedDate: goTime(parameter.LastModifiedDate),
      Name: parameter.Name ?? null,
      Selector: parameter.Selector ?? null,
      SourceResult: parameter.SourceResult ?? null,
      Type: parameter.Type ?? null,
      Value: parameter.Value ?? null,
      Version: parameter.Version ?? null,
    },
    ResultMetadata: {},
  });
}
