/**
 * Resolves with the first of SIGINT or SIGTERM, for commands that serve until stopped.
 *
 * @example
 * const signal = await waitForStopSignal(); await server.close();
 */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
