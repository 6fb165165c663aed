import { describe, expect, it } from 'vitest';
import { parameterFilters } from './list.js';

describe('parameterFilters', () => {
  it('a path lists one level, or every level with --recursive', () => {
    expect(parameterFilters({ path: '/prod/orders', filter: [] })).toEqual([
      { Key: 'Path', Option: 'OneLevel', Values: ['/prod/orders'] },
    ]);
    expect(parameterFilters({ path: '/prod/orders/', recursive: true, filter: [] })).toEqual([
      { Key: 'Path', Option: 'Recursive', Values: ['/prod/orders/'] },
    ]);
    expect(parameterFilters({ path: '/', filter: [] })).toHaveLength(1);
  });

  it('--filter name, type and key-id become DescribeParameters filters', () => {
    expect(
      parameterFilters({
        filter: ['name=/prod/', 'type=SecureString', 'type=String', 'key-id=alias/aws/ssm'],
      }),
    ).toEqual([
      { Key: 'Name', Option: 'BeginsWith', Values: ['/prod/'] },
      { Key: 'Type', Option: 'Equals', Values: ['SecureString', 'String'] },
      { Key: 'KeyId', Option: 'Equals', Values: ['alias/aws/ssm'] },
    ]);
    expect(parameterFilters({ filter: [] })).toEqual([]);
  });

  it.each([
    [{ recursive: true, filter: [] }, /--recursive needs --path/],
    [{ path: 'prod/orders', filter: [] }, /a path begins with \//],
    [{ path: '/prod/or ders', filter: [] }, /not a parameter hierarchy path/],
    [{ filter: ['tag-key=team'] }, /a key of name, type, key-id/],
    [{ filter: ['type=Secure'] }, /a parameter type is String, StringList, SecureString/],
    [{ filter: ['name='] }, /received 'name='/],
  ])('%j is a usage error', (options, message) => {
    expect(() => parameterFilters(options)).toThrowError(message);
    try {
      parameterFilters(options);
    } catch (error) {
      expect((error as { code: string }).code).toBe('USAGE');
    }
  });
});
