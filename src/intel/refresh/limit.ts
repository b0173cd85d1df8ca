/**
 * Runs `work` over every item with at most `limit` at once, in list order: a refresh of a few
 * hundred names must not put a few hundred queries on the resolver at the same instant
 * (resolvers rate-limit bursts, and a slow one would see them all time out together).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
