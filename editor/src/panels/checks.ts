// Checks: the ruleset's `example` blocks (expected vs actual) and its `property` laws, checked with
// fast-check on generated households — all in the browser. Properties run one after another in slices
// (src/properties.ts) with a run budget and a seed, after each edit (debounced) and on demand; a failing
// one shows its message and seed, and loads its shrunk counterexample into Try-it.
import type { ExampleDecl, Expectation, PropertyDecl } from '../../../dsl/ast';
import type { LoadedRuleset } from '../../../engine';
import type { Decision } from '../../../engine/decision';
import type { PropertyOutcome } from '../../../engine/checks/run';
import type { Case } from '../../../engine/checks/laws';
import { jsonValue } from '../household';
import { resolveLoaded } from '../programs';
import { runPropertySliced, yieldToPage } from '../properties';
import { currentRuleset, run } from '../runtime';
import { debounce, el, on, state, type Analysis } from '../state';
import type { LoadedCase } from './tryit';
import { formatValue } from './explanation';

export const DEFAULT_RUNS = 200;
const MAX_RUNS = 100_000;

function actualOf(decision: Decision | undefined, e: Expectation): unknown {
  if (!decision) return undefined;
  switch (e.field) {
    case 'eligible':
      return decision.eligible;
    case 'benefit':
      return decision.benefit.amount;
    case 'score':
      return decision.scores[e.scoreName ?? ''];
    case 'outcome':
      return decision.outcome;
  }
}

function same(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-9;
  return expected === actual;
}

function randomSeed(): number {
  return 1 + Math.floor(Math.random() * 0x7ffffffe);
}

export interface Checks {
  /** Run what is out of date (examples always; properties when the text, runs or seed changed). */
  runNow(): void;
  /** Run everything again, properties included. */
  rerun(): void;
  /** Resolves when the current property run has finished (for the test hook). */
  idle(): Promise<void>;
}

export function createChecks(options: {
  onLine: (line: number) => void;
  /** `failed` counts only checks that ran and failed: while properties run, passed + failed < total. */
  onSummary: (passed: number, total: number, failed: number) => void;
  onLoadCase: (c: LoadedCase) => void;
}): Checks {
  const box = document.getElementById('checks')!;
  const runButton = document.getElementById('checks-run') as HTMLButtonElement;
  const runsInput = document.getElementById('checks-runs') as HTMLInputElement;
  const seedInput = document.getElementById('checks-seed') as HTMLInputElement;
  const newSeedButton = document.getElementById('checks-new-seed') as HTMLButtonElement;
  runsInput.value = String(DEFAULT_RUNS);
  seedInput.value = String(randomSeed());

  const examplesBox = el('div', { class: 'checks-examples', 'data-testid': 'checks-examples' });
  const propertiesBox = el('div', { class: 'checks-properties', 'data-testid': 'checks-properties', 'data-state': 'idle' });
  box.replaceChildren(examplesBox, propertiesBox);

  let examplesResult = { passed: 0, total: 0 };
  let propertiesResult = { passed: 0, total: 0, failed: 0 };
  /** What the shown property results were computed for. */
  let propertiesKey: { analysis: Analysis | undefined; runs: number; seed: number } | undefined;
  let runningKey: typeof propertiesKey;
  let ticket = 0;
  let running: Promise<void> = Promise.resolve();

  function summary() {
    const failed = examplesResult.total - examplesResult.passed + propertiesResult.failed;
    options.onSummary(examplesResult.passed + propertiesResult.passed, examplesResult.total + propertiesResult.total, failed);
  }

  function budget(): { runs: number; seed: number } {
    const runs = Math.min(MAX_RUNS, Math.max(1, Math.floor(Number(runsInput.value)) || DEFAULT_RUNS));
    let seed = Math.floor(Number(seedInput.value));
    if (!Number.isFinite(seed) || seedInput.value.trim() === '') {
      seed = randomSeed();
      seedInput.value = String(seed);
    }
    return { runs, seed };
  }

  // ---------------------------------------------------------------- examples

  function runExamples(ruleset: LoadedRuleset | undefined, examples: ExampleDecl[], errors: number) {
    examplesResult = { passed: 0, total: 0 };
    if (!examples.length) {
      examplesBox.replaceChildren(el('p', { class: 'hint', 'data-testid': 'checks-empty' }, 'This ruleset has no `example` blocks yet.'));
      return;
    }
    if (!ruleset) {
      examplesBox.replaceChildren(el('p', { class: 'error', 'data-testid': 'checks-blocked' }, `The ruleset has ${errors} error(s); examples cannot run.`));
      examplesResult = { passed: 0, total: examples.length };
      return;
    }
    let passed = 0;
    let total = 0;
    const table = el('table', { class: 'checks', 'data-testid': 'checks-table' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, 'example'), el('th', {}, 'expect'), el('th', {}, 'expected'), el('th', {}, 'actual'))));
    const body = el('tbody');
    for (const example of examples) {
      let decisions: Decision[] = [];
      let failure: string | undefined;
      try {
        decisions = run(ruleset, jsonValue(example.household), example.date?.text ?? state.evalDate).decisions;
      } catch (error) {
        failure = String(error);
      }
      for (const e of example.expectations) {
        total++;
        const decision = decisions.find((d) => d.subject === e.subject);
        const expected = jsonValue(e.expected);
        const actual = failure ? failure : decision ? actualOf(decision, e) : 'no decision';
        const ok = !failure && decision !== undefined && same(expected, actual);
        if (ok) passed++;
        const name = el('a', { href: '#' }, example.name);
        name.addEventListener('click', (ev) => {
          ev.preventDefault();
          options.onLine(e.range.start.line);
        });
        body.append(el('tr', { class: ok ? 'pass' : 'fail', 'data-testid': 'check-row', 'data-pass': String(ok) },
          el('td', { class: `mark ${ok ? 'held' : 'failed'}` }, ok ? '✓' : '✗'),
          el('td', {}, name),
          el('td', {}, `${e.subject} ${e.field}${e.scoreName ? ` ${e.scoreName}` : ''}`),
          el('td', {}, formatValue(expected)),
          el('td', {}, typeof actual === 'string' && (failure || !decision) ? actual : formatValue(actual))));
      }
    }
    table.append(body);
    examplesResult = { passed, total };
    examplesBox.replaceChildren(el('h4', {}, 'Examples'), el('p', { 'data-testid': 'checks-summary' }, `${passed} of ${total} expectations hold.`), table);
  }

  // ---------------------------------------------------------------- properties

  function lineLink(line: number, text: string, testid: string): HTMLElement {
    const link = el('a', { href: '#', class: 'line-link', 'data-testid': testid, title: 'Show the property' }, text);
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      options.onLine(line);
    });
    return link;
  }

  function loadButton(label: string, testid: string, property: PropertyDecl, outcome: PropertyOutcome, c: Case, which: string): HTMLElement {
    const button = el('button', { type: 'button', 'data-testid': testid }, label);
    button.addEventListener('click', () => {
      options.onLoadCase({
        household: c.household,
        date: c.date,
        subject: outcome.violation?.subject,
        note: `${which}counterexample to property “${property.name}” (line ${outcome.line}, seed ${outcome.seed}, ${outcome.runs} runs): ${outcome.violation?.message ?? ''}`,
      });
    });
    return button;
  }

  function propertyRow(property: PropertyDecl, outcome: PropertyOutcome | undefined, status: 'pending' | 'running' | 'pass' | 'fail'): HTMLElement {
    const mark = status === 'pass' ? '✓' : status === 'fail' ? '✗' : status === 'running' ? '…' : '·';
    const cls = status === 'pass' ? 'held' : status === 'fail' ? 'failed' : 'unknown';
    const line = property.range.start.line;
    const row = el('li', { class: `property ${status}`, 'data-testid': 'property-row', 'data-name': property.name, 'data-status': status, 'data-pass': String(status === 'pass'), 'data-line': String(line) },
      el('div', { class: 'property-head' },
        el('span', { class: `mark ${cls}`, 'data-testid': 'property-mark' }, mark),
        lineLink(line, property.name, 'property-name'),
        lineLink(line, `line ${line}`, 'property-line'),
        outcome ? el('span', { class: 'property-runs hint', 'data-testid': 'property-seed', 'data-seed': String(outcome.seed) }, `${outcome.runs} runs · seed ${outcome.seed}`) : undefined));
    if (!outcome || outcome.ok) return row;
    const v = outcome.violation;
    const details = el('div', { class: 'property-failure' });
    details.append(el('p', { class: 'error', 'data-testid': 'property-message' }, v?.message ?? outcome.error ?? 'the property failed'));
    if (v) {
      const where = v.other
        ? `Shrunk counterexample: household ${v.case.household.id} on ${v.case.date}${v.other.date !== v.case.date ? `, changed to ${v.other.date}` : ''}${v.subject ? ` (subject ${v.subject})` : ''}.`
        : `Shrunk counterexample: household ${v.case.household.id} on ${v.case.date}${v.subject ? ` (subject ${v.subject})` : ''}.`;
      details.append(el('p', { class: 'hint', 'data-testid': 'property-case' }, where));
      const buttons = el('div', { class: 'row' });
      if (v.other) {
        buttons.append(
          loadButton('Load counterexample (original)', 'load-counterexample', property, outcome, v.case, 'Original household of the '),
          loadButton('Load changed household', 'load-counterexample-changed', property, outcome, v.other, 'Changed household of the '),
        );
      } else {
        buttons.append(loadButton('Load counterexample', 'load-counterexample', property, outcome, v.case, 'The '));
      }
      details.append(buttons);
      details.append(el('p', { class: 'hint reproduce', 'data-testid': 'property-reproduce' },
        `Reproduce: elig test ${state.loaded ? `rulesets/${state.loaded.id}.elig` : ''} --seed ${outcome.seed} --runs ${outcome.runs}`));
    }
    row.append(details);
    return row;
  }

  async function runProperties(ruleset: LoadedRuleset, properties: readonly PropertyDecl[], key: NonNullable<typeof propertiesKey>, mine: number) {
    const list = el('ul', { class: 'properties', 'data-testid': 'properties' });
    const rows = properties.map((p) => propertyRow(p, undefined, 'pending'));
    list.append(...rows);
    const head = el('p', { 'data-testid': 'properties-summary' }, `Checking ${properties.length} propert${properties.length === 1 ? 'y' : 'ies'} on ${key.runs} generated households each (seed ${key.seed})…`);
    propertiesBox.dataset.state = 'running';
    propertiesBox.replaceChildren(el('h4', {}, 'Properties'), head, list);
    let passed = 0;
    let done = 0;
    for (let i = 0; i < properties.length; i++) {
      await yieldToPage();
      if (mine !== ticket) return;
      rows[i]!.replaceWith((rows[i] = propertyRow(properties[i]!, undefined, 'running')));
      let outcome: PropertyOutcome | undefined;
      try {
        outcome = await runPropertySliced(ruleset, properties[i]!, { runs: key.runs, seed: key.seed, resolve: resolveLoaded, cancelled: () => mine !== ticket });
      } catch (error) {
        outcome = { name: properties[i]!.name, line: properties[i]!.range.start.line, ok: false, runs: key.runs, seed: key.seed, error: String(error) };
      }
      if (mine !== ticket || !outcome) return;
      done++;
      if (outcome.ok) passed++;
      rows[i]!.replaceWith((rows[i] = propertyRow(properties[i]!, outcome, outcome.ok ? 'pass' : 'fail')));
      propertiesResult = { passed, total: properties.length, failed: done - passed };
      summary();
    }
    head.textContent = `${passed} of ${done} properties hold on ${key.runs} generated households each (seed ${key.seed}).`;
    propertiesBox.dataset.state = 'done';
    propertiesKey = key;
  }

  function start(force: boolean) {
    const analysis = state.analysis;
    const declarations = analysis?.ast?.declarations ?? [];
    const examples = declarations.filter((d): d is ExampleDecl => d.kind === 'ExampleDecl');
    const declared = declarations.filter((d): d is PropertyDecl => d.kind === 'PropertyDecl');
    const { ruleset, diagnostics } = currentRuleset();
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    runExamples(ruleset, examples, errors);

    const { runs, seed } = budget();
    const key = { analysis, runs, seed };
    const current = propertiesKey && propertiesKey.analysis === analysis && propertiesKey.runs === runs && propertiesKey.seed === seed;
    if (!force && (current || (propertiesBox.dataset.state === 'running' && runningKey !== undefined && runningKey.analysis === analysis && runningKey.runs === runs && runningKey.seed === seed))) {
      summary();
      return;
    }
    const mine = ++ticket;
    propertiesKey = undefined;
    runningKey = key;
    if (!declared.length) {
      propertiesResult = { passed: 0, total: 0, failed: 0 };
      propertiesBox.dataset.state = 'done';
      propertiesBox.replaceChildren(examples.length ? '' : el('p', { class: 'hint', 'data-testid': 'properties-empty' }, 'No `property` laws either: add one such as `property "capped" { benefit always <= 500 }`.'));
      propertiesKey = key;
      summary();
      return;
    }
    if (!ruleset) {
      propertiesResult = { passed: 0, total: declared.length, failed: 0 };
      propertiesBox.dataset.state = 'done';
      propertiesBox.replaceChildren(el('h4', {}, 'Properties'), el('p', { class: 'error', 'data-testid': 'properties-blocked' }, `The ruleset has ${errors} error(s); properties cannot run.`));
      summary();
      return;
    }
    // the checked ruleset's own declarations (with the laws resolved), in source order
    const properties = ruleset.checked.properties;
    propertiesResult = { passed: 0, total: properties.length, failed: 0 };
    summary();
    running = runProperties(ruleset, properties, key, mine).catch((error) => {
      propertiesBox.dataset.state = 'done';
      propertiesBox.append(el('p', { class: 'error' }, `The property checks failed: ${String(error)}`));
    });
  }

  const schedule = debounce(() => start(false), 400);
  on('analysis', () => schedule());
  runButton.addEventListener('click', () => {
    schedule.flush();
    start(true);
  });
  newSeedButton.addEventListener('click', () => {
    seedInput.value = String(randomSeed());
    start(true);
  });
  for (const input of [runsInput, seedInput]) input.addEventListener('change', () => start(false));

  return {
    runNow: () => start(false),
    rerun: () => start(true),
    idle: async () => {
      let seen: Promise<void> | undefined;
      while (seen !== running) {
        seen = running;
        await running;
      }
    },
  };
}
