// mulberry32: a tiny, fast, seeded generator, uniform in [0, 1). Synthetic populations (the benchmark's,
// the editor's Impact sample) use it so that the same seed always gives the same households.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
