import type { ServerResponse } from 'node:http';
import type { HandlerContext } from '../context.js';
import { failure } from '../error-table.js';
import { sendBody, sendFailure } from './respond.js';

/**
 * GET /metrics: the Prometheus text exposition of the sidecar's registry.
 *
 * @example
 * await handleMetrics(ctx, res);
 */
export async function handleMetrics(ctx: HandlerContext, res: ServerResponse): Promise<number> {
  try {
    const text = await ctx.metrics.registry.metrics();
    sendBody(res, ctx.state, 200, text, undefined, ctx.metrics.registry.contentType);
    return 200;
  } catch (error) {
    ctx.logger.error({ err: error }, 'metrics failed');
    sendFailure(res, ctx, failure('INTERNAL', ''));
    return 500;
  }
}
