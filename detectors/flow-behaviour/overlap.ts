/** The most intervals covering one instant: how many sessions were open at the same time. */
export function maxOverlap(spans: ReadonlyArray<readonly [number, number]>): number {
  const edges: Array<[number, number]> = [];
  for (const [first, last] of spans) edges.push([first, 1], [last, -1]);
  // At a shared instant an opening sorts before a closing: sessions that touch count as overlapping.
  edges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) {
    open += step;
    if (open > most) most = open;
  }
  return most;
}
