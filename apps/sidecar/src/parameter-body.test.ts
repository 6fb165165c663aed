import { describe, expect, it } from 'vitest';
import { serializeParameter } from './parameter-body.js';

describe('the parameter body', () => {
  // GetParameter's output (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html)
  // as the extension serializes it: the Go SDK's output struct, fields in alphabetical order,
  // nil as null, times in RFC 3339, and its empty ResultMetadata.
  it('answers {"Parameter": {...}, "ResultMetadata": {}} with every field, absent ones null', () => {
    const body = JSON.parse(
      serializeParameter({
        Name: '/prod/db/host',
        ARN: 'arn:aws:ssm:us-east-2:111111111111:parameter/prod/db/host',
        Type: 'String',
        Value: 'db.internal',
        Version: 3,
        Selector: ':3',
        LastModifiedDate: new Date('2026-11-16T08:22:40.362Z'),
        DataType: 'text',
        stale: true,
      }),
    );
    expect(Object.keys(body)).toEqual(['Parameter', 'ResultMetadata']);
    expect(body.ResultMetadata).toEqual({});
    expect(body.Parameter).toEqual({
      ARN: 'arn:aws:ssm:us-east-2:111111111111:parameter/prod/db/host',
      DataType: 'text',
      LastModifiedDate: '2026-11-16T08:22:40.362Z',
      Name: '/prod/db/host',
      Selector: ':3',
      SourceResult: null,
      Type: 'String',
      Value: 'db.internal',
      Version: 3,
    });
    expect(Object.keys(body.Parameter)).toEqual([...Object.keys(body.Parameter)].sort());
  });

  it.each([
    ['2026-11-16T08:22:40.000Z', '2026-11-16T08:22:40Z'],
    ['2026-11-16T08:22:40.360Z', '2026-11-16T08:22:40.36Z'],
    ['2026-11-16T08:22:00.000Z', '2026-11-16T08:22:00Z'],
  ])('writes %s as Go does, %s', (iso, expected) => {
    const body = JSON.parse(
      serializeParameter({
        Name: 'a',
        ARN: 'arn:aws:ssm:us-east-2:111111111111:parameter/a',
        Type: 'String',
        Value: 'v',
        Version: 1,
        DataType: 'text',
        LastModifiedDate: new Date(iso),
      }),
    );
    expect(body.Parameter.LastModifiedDate).toBe(expected);
  });
});
