// Checks: runs the ruleset's `example` blocks in the browser and compares expected with actual.
// A placeholder for the property checks that land later.
import type { ExampleDecl, Expectation } from '../../../dsl/ast';
import type { Decision } from '../../../engine/decision';
import { jsonValue } from '../household';
import { currentRuleset, run } from '../runtime';
import { debounce, el, on, state } from '../state';
import { formatValue } from './explanation';

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

export function createChecks(options: { onLine: (line: number) => void; onSummary: (passed: number, total: number) => void }): { runNow(): void } {
  const box = document.getElementById('checks')!;

  function runNow() {
    const examples = (state.analysis?.ast?.declarations ?? []).filter((d): d is ExampleDecl => d.kind === 'ExampleDecl');
    if (!examples.length) {
      box.replaceChildren(el('p', { class: 'hint', 'data-testid': 'checks-empty' }, 'This ruleset has no `example` blocks yet.'));
      options.onSummary(0, 0);
      return;
    }
    const { ruleset, diagnostics } = currentRuleset();
    if (!ruleset) {
      box.replaceChildren(el('p', { class: 'error', 'data-testid': 'checks-blocked' }, `The ruleset has ${diagnostics.filter((d) => d.severity === 'error').length} error(s); examples cannot run.`));
      options.onSummary(0, examples.length);
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
    box.replaceChildren(el('p', { 'data-testid': 'checks-summary' }, `${passed} of ${total} expectations hold.`), table);
    options.onSummary(passed, total);
  }

  const schedule = debounce(runNow, 300);
  on('analysis', () => schedule());
  return { runNow };
}
