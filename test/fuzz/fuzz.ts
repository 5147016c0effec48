// A seeded fuzzer for the front end and the service. Every input comes from its own seed, so a failure is
// reproduced with `npm run fuzz -- --seed <seed> --runs 1`. Rulesets are shipped ones mutated (spans cut,
// copied or swapped, hostile fragments inserted: deep nesting, huge numbers, control characters) or token
// soup; each goes through parse, check, format and compile, which must never throw and must position every
// diagnostic. Households are mutated records (wrong types, huge and negative numbers, junk fields, many
// members) sent through validation and POST /evaluate, which must never answer 500.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse, format, parse, type Diagnostic } from '../../dsl';
import { KEYWORDS } from '../../dsl/lexer';
import { seededRandom } from '../../engine/analysis/seeded-random';
import { loadRuleset } from '../../engine';
import { validateEvaluate } from '../../server/validate';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

export const SHIPPED: string[] = ['bo', 'br', 'pe'].flatMap((c) =>
  readdirSync(join(ROOT, 'rulesets', c)).filter((f) => f.endsWith('.elig')).map((f) => readFileSync(join(ROOT, 'rulesets', c, f), 'utf8')));

const FRAGMENTS = [
  '(', ')', '{', '}', '[', ']', ' + ', ' - ', ' * ', ' / ', ' and ', ' or ', ' not ', ' if ', ' then ', ' else ', ':', ',',
  '"', '"label": ', '\u001b[2J', '\u0000', '..', '..<', ' => ', ' = ', '9'.repeat(400), '0.0000001', '1e308', '-',
  'all of { ', 'sum of { ', 'count(members as m where m.age > 3)', 'eligible(bo/mped)', 'household.', 'm.',
  '('.repeat(300), 'not '.repeat(300), ' +1'.repeat(800), '- '.repeat(300), 'if true then '.repeat(150), '#', '\n',
  ...KEYWORDS.map((k) => ` ${k} `),
];

/** A mutated ruleset text from `seed`. */
export function rulesetInput(seed: number): string {
  const rng = seededRandom(seed);
  if (rng() < 0.1) return Array.from({ length: 1 + int(rng, 200) }, () => pick(rng, FRAGMENTS)).join('');
  let text = pick(rng, SHIPPED);
  const edits = 1 + int(rng, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(rng, text.length + 1);
    const len = int(rng, 80);
    switch (int(rng, 5)) {
      case 0: text = text.slice(0, at) + text.slice(at + len); break; // cut
      case 1: text = text.slice(0, at) + text.slice(at, at + len) + text.slice(at); break; // copy
      case 2: text = text.slice(0, at) + pick(rng, FRAGMENTS) + text.slice(at); break; // insert
      case 3: { // swap two spans
        const other = int(rng, text.length + 1);
        const [a, b] = at < other ? [at, other] : [other, at];
        text = text.slice(0, a) + text.slice(b, b + len) + text.slice(a + len, b) + text.slice(a, a + len) + text.slice(b + len);
        break;
      }
      default: text = text.slice(0, at); // truncate
    }
  }
  return text;
}

const JUNK: unknown[] = [1e308, -1e308, 1e12, -1, 0, 0.1234567, 2 ** 53, '', 'x'.repeat(300), null, true, [], {}, [1, [2]], { a: { b: 1 } }, '2013-02-29', '\u001b[2J'];
const FIELDS = ['monthly_income', 'rooms', 'km_to_market_town', 'electricity', 'resident_since', 'area', 'members', 'id', 'programs', 'junk'];
const MEMBER_FIELDS = ['age', 'birth_date', 'monthly_income', 'employment', 'relationship', 'enrollment', 'prenatal_checkups', 'id', 'junk'];

/** A mutated evaluation request from `seed`. */
export function requestInput(seed: number, households: unknown[]): Record<string, unknown> {
  const rng = seededRandom(seed);
  const h = structuredClone(pick(rng, households)) as Record<string, unknown>;
  const members = Array.isArray(h.members) ? (h.members as Record<string, unknown>[]) : [];
  for (let e = 0, n = 1 + int(rng, 5); e < n; e++) {
    if (rng() < 0.5) h[pick(rng, FIELDS)] = pick(rng, JUNK);
    else if (members.length > 0) pick(rng, members)[pick(rng, MEMBER_FIELDS)] = pick(rng, JUNK);
  }
  if (rng() < 0.1 && Array.isArray(h.members)) h.members = Array.from({ length: 1 + int(rng, 70) }, (_, i) => ({ id: `m${i}`, age: int(rng, 120) }));
  const request: Record<string, unknown> = { ruleset: pick(rng, ['bo/mped', 'bo/bja', 'pe/juntos', 'br/bolsa-escola-df', 'bo/rub-pmt']), date: pick(rng, ['2013-06-30', '2008-01-01', '1999-01-01', '2013-13-40']) };
  if (rng() < 0.3) request.households = [h, h]; else request.household = h;
  if (rng() < 0.5) request.explain = rng() < 0.5;
  if (rng() < 0.05) request[pick(rng, ['ruleset', 'date', 'explain', 'extra'])] = pick(rng, JUNK);
  return request;
}

export interface Failure { seed: number; kind: string; problem: string; input: string }

function positioned(d: Diagnostic): boolean {
  return Number.isInteger(d.range?.start?.line) && d.range.start.line >= 1 && Number.isInteger(d.range.start.column) && d.range.start.column >= 1;
}

/** Run one ruleset input through every front-end stage; undefined when all held. */
export function checkRuleset(text: string): string | undefined {
  try {
    const parsed = parse(text);
    if (!parsed.diagnostics.every(positioned)) return 'a parse diagnostic has no line/column';
    if (!parsed.diagnostics.some((d) => d.severity === 'error')) {
      const formatted = format(parsed.ast, parsed.comments);
      if (parse(formatted).diagnostics.some((d) => d.severity === 'error')) return 'the formatted text does not parse';
    }
    const analysed = analyse(text);
    if (!analysed.diagnostics.every(positioned)) return 'a check diagnostic has no line/column';
    const loaded = loadRuleset('bo/fuzz', text);
    const internal = loaded.diagnostics.find((d) => d.code === 'E-INTERNAL');
    if (internal) return `E-INTERNAL: ${internal.message}`;
    return undefined;
  } catch (error) {
    return `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
}

export function validates(request: unknown): string | undefined {
  try {
    validateEvaluate(request);
    return undefined;
  } catch (error) {
    return `validation threw ${(error as Error)?.message}`;
  }
}

export const FIXTURE_HOUSEHOLDS: unknown[] = readdirSync(join(ROOT, 'test/fixtures/households'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/households', f), 'utf8')));
