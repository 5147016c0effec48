// `npm run fuzz [-- --runs N] [--seed S] [--requests N] [--verbose]`: the long fuzz budget. Prints how many
// inputs were tried and every failure with the seed that reproduces it (`--seed S --runs 1`).
import { parseArgs } from 'node:util';
import { startTestServer, call } from '../server/helpers';
import { checkRuleset, FIXTURE_HOUSEHOLDS, requestInput, rulesetInput, validates } from './fuzz';

const { values } = parseArgs({ options: {
  runs: { type: 'string', default: '5000' }, requests: { type: 'string' }, seed: { type: 'string', default: '1' },
  verbose: { type: 'boolean', default: false },
} });
const runs = Number(values.runs);
const requests = Number(values.requests ?? values.runs);
const first = Number(values.seed);
const failures: string[] = [];

let tried = 0;
for (let seed = first; seed < first + runs; seed++) {
  const text = rulesetInput(seed);
  tried++;
  if (values.verbose) console.log(`ruleset seed ${seed}: ${JSON.stringify(text.slice(0, 120))}${text.length > 120 ? `… (${text.length} chars)` : ''}`);
  const problem = checkRuleset(text);
  if (problem) {
    failures.push(`ruleset seed ${seed}: ${problem}`);
    console.log(`FAIL ruleset seed ${seed}: ${problem}\n  input: ${JSON.stringify(text.slice(0, 400))}`);
  }
  if (tried % 500 === 0) console.log(`${tried} rulesets tried, ${failures.length} failure(s)`);
}

const server = await startTestServer({ workers: 0 });
try {
  for (let seed = first; seed < first + requests; seed++) {
    const request = requestInput(seed, FIXTURE_HOUSEHOLDS);
    if (values.verbose) console.log(`request seed ${seed}: ${JSON.stringify(request).slice(0, 160)}`);
    const thrown = validates(request);
    const r = await call(server.url, 'POST', '/evaluate', { json: request });
    const problem = thrown ?? (r.status >= 500 ? `HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}` : undefined);
    if (problem) {
      failures.push(`request seed ${seed}: ${problem}`);
      console.log(`FAIL request seed ${seed}: ${problem}\n  input: ${JSON.stringify(request).slice(0, 400)}`);
    }
  }
} finally {
  await server.stop();
}
console.log(`\n${runs} rulesets and ${requests} requests tried from seed ${first}; ${failures.length} failure(s)`);
for (const f of failures) console.log(`  ${f}`);
process.exit(failures.length > 0 ? 1 : 0);
