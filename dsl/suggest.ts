// "Did you mean …?": the closest known name by edit distance (adjacent swaps count as one edit, the
// commonest typo), or a candidate that contains what was typed (`income` → `monthly_income`).

export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The best candidate, or undefined when nothing is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (typeof name !== 'string') return undefined; // partial AST
  const lower = name.toLowerCase();
  const limit = name.length <= 3 ? 1 : Math.max(2, Math.ceil(name.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (typeof c !== 'string' || c === name) continue;
    let score = editDistance(lower, c.toLowerCase());
    if (score > limit && lower.length >= 4 && c.toLowerCase().includes(lower)) score = limit;
    if (score <= limit && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** The hint text shared by every "unknown X" diagnostic. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
