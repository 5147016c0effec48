// Where the cost of reasons and explanations goes (issue #14), one part at a time: CPU µs per household
// (process.cpuUsage, best of 5 interleaved rounds — steadier than wall time on a shared machine) and
// each part as a multiple of `decide`. Run: node --import tsx bench/reasons-cost.ts bo/mped 5000 [mode,mode,…]
import { readFileSync } from 'node:fs';
import { decide, evaluate, loadRuleset } from '../engine';
import { withheldSubjects } from '../engine/assumptions';
import { BOLSA_DATE, MPED_DATE, generate } from './households';
import { parseIsoDate } from '../engine/values';
const [id, nText, only] = process.argv.slice(2);
const kind = id.includes('mped') ? 'mped' : 'bolsa';
const date = kind === 'mped' ? MPED_DATE : BOLSA_DATE;
const day = parseIsoDate(date)!;
const r = loadRuleset(id, readFileSync(new URL(`../rulesets/${id}.elig`, import.meta.url), 'utf8')).ruleset!;
const n = Number(nText ?? 20000);
const hs = generate(kind as 'mped', n);
let sink = 0;
const modes: Record<string, () => void> = {
  decide: () => { for (const h of hs) sink += decide(r, h, { date }).length; },
  fast: () => { for (const h of hs) sink += r.compiled.fast(h as never, day, {}).length; },
  valuesRun: () => { for (const h of hs) sink += r.compiled.values(h as never, day, {}).length; },
  tracedRun: () => { for (const h of hs) sink += r.compiled.traced(h as never, day, {}).length; },
  withheldRun: () => { for (const h of hs) sink += withheldSubjects(r, h as never, day, {})?.size ?? 0; },
  response: () => { for (const h of hs) sink += evaluate(r, h, { date, explain: false }).decisions.length; },
  reasons: () => { for (const h of hs) for (const d of evaluate(r, h, { date, explain: false }).decisions) sink += d.reasons.length; },
  assumptions: () => { for (const h of hs) for (const d of evaluate(r, h, { date, explain: false }).decisions) sink += d.assumptions.length; },
  both: () => { for (const h of hs) for (const d of evaluate(r, h, { date, explain: false }).decisions) sink += d.reasons.length + d.assumptions.length; },
  eager: () => { for (const h of hs) sink += evaluate(r, h, { date, explain: false, lazy: false }).decisions.length; },
  eagerJson: () => { for (const h of hs) sink += JSON.stringify(evaluate(r, h, { date, explain: false, lazy: false })).length; },
  decideJson: () => { for (const h of hs) sink += JSON.stringify(decide(r, h, { date })).length; },
  responseJson: () => { for (const h of hs) sink += JSON.stringify(evaluate(r, h, { date, explain: false })).length; },
  explain: () => { for (const h of hs) sink += evaluate(r, h, { date, explain: true }).decisions.length; },
  explainJson: () => { for (const h of hs) sink += JSON.stringify(evaluate(r, h, { date, explain: true })).length; },
};
const chosen = only ? only.split(',') : Object.keys(modes);
for (const m of chosen) modes[m]();
const times = new Map<string, number[]>(chosen.map((m) => [m, []]));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 5; round++) for (const m of chosen) { const t0 = cpu(); modes[m](); times.get(m)!.push(cpu() - t0); }
const med = (xs: number[]) => Math.min(...xs);
const base = med(times.get('decide') ?? [1]);
for (const m of chosen) { const t = med(times.get(m)!); console.log(`${id} ${m.padEnd(13)} ${(t * 1000 / n).toFixed(2).padStart(8)} µs/hh  ${(t / base).toFixed(2)}× decide`); }
console.error('sink', sink);
