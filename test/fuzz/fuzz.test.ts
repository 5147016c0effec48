// The fuzz suite's small budget, run by `npm test` (`npm run fuzz` runs the long one). Fixed seeds: the
// same inputs every run, each reproducible by its seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../server/helpers';
import { checkRuleset, FIXTURE_HOUSEHOLDS, requestInput, rulesetInput, validates } from './fuzz';

const RULESETS = 150;
const REQUESTS = 150;

describe('fuzz: rulesets through parse, check, format and compile', () => {
  it(`${RULESETS} mutated rulesets: nothing throws, every diagnostic has a line and column`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= RULESETS; seed++) {
      const problem = checkRuleset(rulesetInput(seed));
      if (problem) failures.push(`seed ${seed}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('fuzz: requests through validation and POST /evaluate', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ workers: 0 });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it(`${REQUESTS} mutated requests: validation never throws, the service never answers 500`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= REQUESTS; seed++) {
      const request = requestInput(seed, FIXTURE_HOUSEHOLDS);
      const thrown = validates(request);
      if (thrown) failures.push(`seed ${seed}: ${thrown}`);
      const r = await call(s.url, 'POST', '/evaluate', { json: request });
      if (r.status >= 500) failures.push(`seed ${seed}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
