/** Maps `items` through `body` with at most `limit` running at once (2 cores on CI); keeps order. */
export async function mapLimit(items, limit, body) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await body(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
