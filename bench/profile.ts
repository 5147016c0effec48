// A profiling harness (not part of `npm run bench`): one ruleset, one way of evaluating, n generated
// households, timed after a warm-up. Run under `node --cpu-prof --import tsx bench/profile.ts bo/mped json 40000`.
// Modes: decide | reasons (explain: false, reasons and assumptions read) | json (the serialised batch
// response) | explain (the serialised response with the tree).
import { readFileSync } from 'node:fs';
import { decide, evaluate, loadRuleset } from '../engine';
import { BOLSA_DATE, MPED_DATE, generate } from './households';
const [id, mode, nText] = process.argv.slice(2);
const kind = id.includes('mped') ? 'mped' : 'bolsa';
const date = kind === 'mped' ? MPED_DATE : BOLSA_DATE;
const r = loadRuleset(id, readFileSync(new URL(`../rulesets/${id}.elig`, import.meta.url), 'utf8')).ruleset!;
const n = Number(nText ?? 20000);
const hs = generate(kind as 'mped', n);
let sink = 0;
const once = () => {
  for (const h of hs) {
    if (mode === 'decide') sink += decide(r, h, { date }).length;
    else if (mode === 'reasons') for (const d of evaluate(r, h, { date, explain: false }).decisions) sink += d.reasons.length + d.assumptions.length;
    else if (mode === 'json') sink += JSON.stringify(evaluate(r, h, { date, explain: false })).length;
    else if (mode === 'explain') sink += JSON.stringify(evaluate(r, h, { date, explain: true })).length;
  }
};
once();
const t0 = performance.now();
once();
const ms = performance.now() - t0;
console.log(`${id} ${mode}: ${Math.round(n / (ms / 1000))}/s (sink ${sink})`);
