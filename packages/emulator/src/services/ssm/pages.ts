// Pagination of Parameter Store listings: MaxResults and an opaque NextToken.
import { AwsWireError } from '../../http/wire-error.js';
import { validation } from './common.js';

/** One page of `items` as MaxResults and NextToken of the request select it. */
export function readPage<T>(
  items: T[],
  input: Record<string, unknown>,
  defaultSize: number,
  maxSize: number,
): { items: T[]; nextToken?: string } {
  const size = input.MaxResults === undefined ? defaultSize : Number(input.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > maxSize) {
    throw validation(
      `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : `less than or equal to ${maxSize}`}`,
    );
  }
  const start = offsetOf(input.NextToken);
  const end = start + size;
  const nextToken = end < items.length ? tokenFor(end) : undefined;
  return { items: items.slice(start, end), ...(nextToken ? { nextToken } : {}) };
}

const tokenFor = (offset: number): string =>
  Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');

function offsetOf(token: unknown): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as {
      offset?: unknown;
    };
    if (
      typeof parsed.offset === 'number' &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // Falls through to the error below: the token is not one of ours.
  }
  throw new AwsWireError('InvalidNextToken', "The specified token isn't valid.");
}
