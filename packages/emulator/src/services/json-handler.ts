import type { CallContext } from './context.js';

/** A JSON-protocol action: parsed request body in, response object out. */
export type JsonHandler = (ctx: CallContext, input: Record<string, unknown>) => unknown;
