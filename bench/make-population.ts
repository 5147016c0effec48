// A synthetic population as JSON Lines, for trying `elig compare` and the editor's Impact panel:
//   npx tsx bench/make-population.ts bolsa 2000 > population.jsonl      (kinds: bolsa, mped)
// Deterministic (seeded); the households are plausible, not real.
import { generate } from './households';

const [kind = 'bolsa', count = '1000', seed] = process.argv.slice(2);
if (kind !== 'bolsa' && kind !== 'mped') {
  console.error('usage: make-population.ts <bolsa|mped> [count] [seed]');
  process.exit(2);
}
for (const h of generate(kind, Number(count), seed === undefined ? undefined : Number(seed))) console.log(JSON.stringify(h));
