// Copied into the consumer project: require()s each specifier given, as a CommonJS consumer
// would, and prints per specifier a line `PROBE {"specifier","names"|"error"}`.
const describe = (error) =>
  `${error?.name ?? 'Error'}${error?.code ? ` [${error.code}]` : ''}: ${String(error?.message ?? error).split('\n')[0]}`;
for (const specifier of process.argv.slice(2)) {
  try {
    const loaded = require(specifier);
    console.log(`PROBE ${JSON.stringify({ specifier, names: Object.keys(loaded).sort() })}`);
  } catch (error) {
    console.log(`PROBE ${JSON.stringify({ specifier, error: describe(error) })}`);
  }
}
