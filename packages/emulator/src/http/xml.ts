const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for an XML element or attribute. */
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Renders `{ A: 'x', B: { C: 'y' } }` as `<A>x</A><B><C>y</C></B>`; undefined fields are left out. */
export function toXml(fields: Record<string, unknown>): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const inner =
      typeof value === 'object' && value !== null && !(value instanceof Date)
        ? toXml(value as Record<string, unknown>)
        : escapeXml(value instanceof Date ? value.toISOString() : String(value));
    out += `<${name}>${inner}</${name}>`;
  }
  return out;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An STS query-protocol success body. */
export const stsResponse = (
  action: string,
  result: Record<string, unknown>,
  requestId: string,
): string =>
  `<${action}Response xmlns="${STS_NS}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;

/** An STS query-protocol error body. */
export const stsError = (
  code: string,
  message: string,
  requestId: string,
  status: number,
): string =>
  `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
