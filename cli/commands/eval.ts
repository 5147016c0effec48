// `elig eval <ruleset-id> <household.json | -> [--date YYYY-MM-DD] [--json] [--lang es|pt|en]`.
// With --json the output is exactly the /evaluate response of ../shared/api.md (plus its additions).
// `elig explain <ruleset-id> <household.json> [--lang es] [--html out.html]`: the same decision as a
// review page a case worker hands to a family (engine/render/html.ts), or as the terminal report.
// --why-not adds each decision's counterfactuals (margins, nearest flips, the next date it changes).
// `elig eval <ruleset-id> <households.jsonl | households.json | -> --jsonl [--explain]` streams many
// households: one line out per row in, `{"row": n, …response}` or `{"row": n, "errors": […]}`.
// Only what a single `elig eval` needs is imported here: the counterfactual search (--why-not), the
// review page (--html) and the streaming path (--jsonl) load when asked for, and nothing comes through
// engine/index.ts, whose re-exports would bring fast-check (engine/checks) into every start.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../../dsl/diagnostics';
import type { EvaluateResponse, Household } from '../../engine/decision';
import { evaluate } from '../../engine/evaluate';
import { parseLang, type Lang } from '../../engine/explain';
import { lower } from '../../engine/ir/lower';
import type { LoadedRuleset } from '../../engine/types';
import { folderRegistry } from '../load';
import { renderResponse } from '../report';
import { rulesetFileOf } from '../ruleset-files';
import { householdProblems } from '../validate-household';
import { complain, say } from '../terminal';
import { quotedId, rulesetIdError } from '../../dsl/ruleset-id';

export async function runExplain(args: string[]): Promise<number> {
  return runEval(args, true);
}

export async function runEval(args: string[], review = false): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      date: { type: 'string' }, json: { type: 'boolean' }, jsonl: { type: 'boolean' }, explain: { type: 'boolean' },
      lang: { type: 'string' }, html: { type: 'string' }, 'why-not': { type: 'boolean' },
    },
  });
  let lang: Lang | undefined;
  if (values.lang !== undefined) {
    lang = parseLang(values.lang);
    if (!lang) throw new Error(`--lang must be es, pt or en, not \`${values.lang}\``);
  }
  if (values.html !== undefined && !review) throw new Error('--html belongs to `elig explain <ruleset-id> <household.json> --html out.html`');
  const [id, input] = positionals;
  if (!id || !input) throw new Error(review
    ? 'usage: elig explain <ruleset-id> <household.json | -> [--date YYYY-MM-DD] [--lang es|pt|en] [--html out.html]'
    : 'usage: elig eval <ruleset-id> <household.json | households.jsonl | -> [--date YYYY-MM-DD] [--why-not] [--json | --jsonl [--explain]] [--lang es|pt|en]');
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new Error(`--date must be a date written YYYY-MM-DD, not \`${date}\``);
  }
  const wrongId = rulesetIdError(id);
  if (wrongId) throw new Error(`\`${quotedId(id)}\` is not a ruleset id: it ${wrongId}`);
  const registry = folderRegistry();
  const loaded = registry.load(id);
  if (!loaded.ruleset) {
    if (loaded.diagnostics.length === 0) throw new Error(`no ruleset \`${id}\` (looked for ${rulesetFileOf(id)})`);
    for (const d of loaded.diagnostics) complain(formatDiagnostic(rulesetFileOf(id), d));
    return 1;
  }
  if (values.jsonl && values['why-not']) throw new Error('--why-not works on one household at a time (it re-evaluates it thousands of times); drop --jsonl');
  if (values.jsonl) return evalStream(loaded.ruleset, input, date, values.explain ?? false, (other) => registry.get(other), lang);
  const text = readFileSync(input === '-' ? 0 : input, 'utf8');
  let household: unknown;
  try {
    household = JSON.parse(text);
  } catch (error) {
    throw new Error(`${input === '-' ? 'standard input' : input} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = householdProblems(household);
  if (problems.length > 0) {
    complain(`The household record does not match household.schema.json:`);
    for (const p of problems) complain(`  ${p.pointer || '/'}: ${p.message}`);
    return 2;
  }
  const resolve = (other: string) => registry.get(other);
  let response: EvaluateResponse = evaluate(loaded.ruleset, household as Household, { date, explain: true, resolve, lang });
  if (values['why-not']) {
    const { withCounterfactuals } = await import('../../engine/counterfactuals');
    response = withCounterfactuals(loaded.ruleset, household as Household, response, { date, resolve, lang });
  }
  const report = { lang, household: household as Household, ir: lower(loaded.ruleset.checked) };
  if (values.html !== undefined) {
    const { reviewPage } = await import('../../engine/render/html');
    writeFileSync(values.html, reviewPage(response, report));
    say(`wrote ${values.html}`);
    return 0;
  }
  say(values.json ? JSON.stringify(response, null, 2) : renderResponse(response, { ...report, tree: !review }));
  return 0;
}

/** Many households, one line out per row in, in constant memory. Exit 1 if some rows were rejected. */
async function evalStream(ruleset: LoadedRuleset, input: string, date: string, explain: boolean, resolve: (id: string) => LoadedRuleset | undefined, lang: Lang | undefined): Promise<number> {
  const [{ evaluateRows, rowLine }, { householdRows }, { LineWriter }] = await Promise.all([
    import('../../engine/stream'), import('../households'), import('../line-writer'),
  ]);
  const out = new LineWriter(process.stdout);
  let rejected = 0;
  // `lazy: false`: every line is serialised whole, so reasons are computed at once (engine/evaluate.ts).
  for await (const row of evaluateRows(ruleset, householdRows(input), { date, explain, resolve, lang, lazy: false })) {
    if (row.errors) rejected++;
    await out.line(rowLine(row));
  }
  await out.end();
  if (rejected > 0) console.error(`elig eval: ${rejected} rows are not valid households (their lines carry "errors")`);
  return rejected > 0 ? 1 : 0;
}
