// Copied into the consumer project: imports each specifier given, as an ES module consumer
// would, and prints per specifier a line `PROBE {"specifier","names"|"error"}`.
const describe = (error) =>
  `${error?.name ?? 'Error'}${error?.code ? ` [${error.code}]` : ''}: ${String(error?.message ?? error).split('\n')[0]}`;
for (const specifier of process.argv.slice(2)) {
  try {
    const namespace = specifier.endsWith('.json')
      ? await import(specifier, { with: { type: 'json' } })
      : await import(specifier);
    console.log(`PROBE ${JSON.stringify({ specifier, names: Object.keys(namespace).sort() })}`);
  } catch (error) {
    console.log(`PROBE ${JSON.stringify({ specifier, error: describe(error) })}`);
  }
}
