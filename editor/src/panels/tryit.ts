// Try it: a household (JSON, checked as typed), a date, and the decisions with their explanations,
// re-evaluated in the browser whenever the rules or the household change.
import { hasErrors } from '../../../dsl/diagnostics';
import { parseJsonWithSpans, validateHousehold } from '../household';
import { monaco } from '../monaco';
import { currentRuleset, run } from '../runtime';
import { debounce, el, emit, on, state } from '../state';
import { prefs } from '../storage';
import { exampleSamples, rulesetCountry, sharedSamples, type Sample } from '../samples';
import { renderResponse } from './explanation';
import { flipsSection } from './flips';
import { lower } from '../../../engine/ir/lower';
import { rendererFor } from '../../../engine/render/render';

/** A household put into Try-it from elsewhere (a property's counterexample, an Impact gainer or loser). */
export interface LoadedCase {
  household: unknown;
  date: string;
  /** Why it is here, shown above the household until another one is picked. */
  note: string;
  /** The decision to scroll to and mark. */
  subject?: string;
}

export interface TryIt {
  evaluateNow(): void;
  layout(): void;
  load(c: LoadedCase): void;
}

export function createTryIt(options: { onLine: (line: number) => void; onEvalMs: (ms: number | undefined) => void }): TryIt {
  const select = document.getElementById('sample-select') as HTMLSelectElement;
  const dateInput = document.getElementById('eval-date') as HTMLInputElement;
  const errorsList = document.getElementById('household-errors')!;
  const output = document.getElementById('decisions')!;
  const noteBox = document.getElementById('tryit-note')!;
  let focusSubject: string | undefined;
  const model = monaco.editor.createModel('{\n  "id": "H-1",\n  "members": []\n}\n', 'household-json', monaco.Uri.parse('inmemory://household.json'));
  const editor = monaco.editor.create(document.getElementById('household-editor')!, {
    model,
    theme: 'elig-light',
    minimap: { enabled: false },
    lineNumbers: 'off',
    folding: true,
    scrollBeyondLastLine: false,
    fontSize: 12,
    automaticLayout: true,
    tabSize: 2,
    wordWrap: 'on',
  });
  let samples: Sample[] = [];
  let sampleSignature = '';
  let applying = false;

  dateInput.value = state.evalDate;

  function persist() {
    const id = state.loaded?.id;
    if (id) prefs.setHousehold(id, { text: model.getValue(), date: state.evalDate, sample: select.value });
  }

  function setDate(date: string) {
    if (!date || date === state.evalDate) return;
    state.evalDate = date;
    dateInput.value = date;
    emit('evalDate', date);
  }

  function refreshSamples() {
    const next = [...exampleSamples(), ...sharedSamples(rulesetCountry())];
    const signature = next.map((s) => s.key + JSON.stringify(s.household) + s.date).join('|');
    if (signature === sampleSignature) return;
    sampleSignature = signature;
    samples = next;
    const current = select.value;
    select.replaceChildren(el('option', { value: '' }, '— custom —'), ...samples.map((s) => el('option', { value: s.key }, s.label)));
    select.value = samples.some((s) => s.key === current) ? current : '';
  }

  function showNote(text: string | undefined) {
    noteBox.hidden = !text;
    if (!text) {
      focusSubject = undefined;
      noteBox.replaceChildren();
      return;
    }
    const close = el('button', { type: 'button', class: 'close', 'data-testid': 'tryit-note-close', 'aria-label': 'dismiss' }, '×');
    close.addEventListener('click', () => showNote(undefined));
    noteBox.replaceChildren(el('span', { 'data-testid': 'tryit-note-text' }, text), close);
  }

  function markFocus() {
    if (!focusSubject) return;
    const card = [...output.querySelectorAll<HTMLElement>('[data-testid="decision"]')].find((d) => d.dataset.subject === focusSubject);
    if (!card) return;
    card.classList.add('focus');
    card.dataset.focus = 'true';
    card.scrollIntoView({ block: 'nearest' });
  }

  function load(c: LoadedCase) {
    applying = true;
    model.setValue(JSON.stringify(c.household, null, 2) + '\n');
    applying = false;
    select.value = '';
    showNote(c.note);
    focusSubject = c.subject;
    setDate(c.date);
    persist();
    evaluateNow();
  }

  function applySample(key: string) {
    const sample = samples.find((s) => s.key === key);
    if (!sample) return;
    applying = true;
    model.setValue(JSON.stringify(sample.household, null, 2) + '\n');
    applying = false;
    if (sample.date) setDate(sample.date);
    evaluateNow();
  }

  function showHouseholdProblems(problems: { message: string; pointer: string; offset?: number; length?: number }[]) {
    errorsList.replaceChildren(...problems.map((p) => el('li', { class: 'error', 'data-testid': 'household-error' }, p.pointer ? `${p.pointer}: ${p.message}` : p.message)));
    const markers = problems
      .filter((p) => p.offset !== undefined)
      .map((p) => {
        const start = model.getPositionAt(p.offset!);
        const end = model.getPositionAt(p.offset! + Math.max(1, p.length ?? 1));
        return { severity: monaco.MarkerSeverity.Error, message: p.message, startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
      });
    monaco.editor.setModelMarkers(model, 'household', markers);
  }

  function evaluateNow() {
    const started = performance.now();
    const parsed = parseJsonWithSpans(model.getValue());
    if (!parsed.ok) {
      showHouseholdProblems([parsed.problem]);
      output.replaceChildren(el('p', { class: 'hint', 'data-testid': 'household-invalid' }, 'Fix the household JSON to evaluate.'));
      options.onEvalMs(undefined);
      return;
    }
    const problems = validateHousehold(parsed.value).map((p) => {
      const span = parsed.spans.get(p.pointer);
      return { ...p, offset: span?.[0], length: span ? span[1] - span[0] : undefined };
    });
    showHouseholdProblems(problems);
    if (problems.length) {
      output.replaceChildren(el('p', { class: 'hint', 'data-testid': 'household-invalid' }, 'The household does not match household.schema.json (see above).'));
      options.onEvalMs(undefined);
      return;
    }
    const { ruleset, diagnostics } = currentRuleset();
    if (!ruleset) {
      const errors = diagnostics.filter((d) => d.severity === 'error');
      output.replaceChildren(
        el('div', { class: 'ruleset-errors', 'data-testid': 'ruleset-errors' },
          el('p', {}, hasErrors(diagnostics) ? 'The ruleset has errors; fix them to evaluate:' : 'The ruleset is not loaded yet.'),
          el('ul', {}, ...errors.map((d) => el('li', { class: 'error' }, `line ${d.range.start.line}: ${d.message}`)))),
      );
      options.onEvalMs(undefined);
      return;
    }
    try {
      const response = run(ruleset, parsed.value, state.evalDate, state.lang);
      const household = parsed.value as { members?: unknown };
      const words = { w: rendererFor(lower(ruleset.checked), state.lang).on(Date.parse(state.evalDate) / 864e5), members: Array.isArray(household?.members) ? (household.members as Record<string, unknown>[]) : [] };
      output.replaceChildren(renderResponse(response, options.onLine, words), flipsSection(ruleset, parsed.value, state.evalDate, load, setDate));
      markFocus();
    } catch (error) {
      output.replaceChildren(el('p', { class: 'error', 'data-testid': 'evaluation-error' }, `Evaluation failed: ${String(error)}`));
    }
    options.onEvalMs(performance.now() - started);
  }

  const schedule = debounce(evaluateNow, 150);

  select.addEventListener('change', () => {
    showNote(undefined);
    applySample(select.value);
    persist();
  });
  dateInput.addEventListener('change', () => {
    setDate(dateInput.value);
    persist();
  });
  model.onDidChangeContent(() => {
    if (applying) return;
    select.value = '';
    persist();
    schedule();
  });
  on('evalDate', () => schedule());
  on('lang', () => schedule()); // reasons and labels in the chosen language
  on('analysis', () => {
    refreshSamples();
    schedule();
  });
  on('loaded', (loaded) => {
    showNote(undefined);
    sampleSignature = '';
    refreshSamples();
    const saved = prefs.household(loaded.id);
    if (saved) {
      applying = true;
      model.setValue(saved.text);
      applying = false;
      setDate(saved.date);
      select.value = samples.some((s) => s.key === saved.sample) ? saved.sample : '';
    } else {
      const first = samples.find((s) => s.key.startsWith('example:')) ?? samples[0];
      if (first) {
        select.value = first.key;
        applySample(first.key);
      }
    }
    schedule();
  });

  return { evaluateNow, layout: () => editor.layout(), load };
}
