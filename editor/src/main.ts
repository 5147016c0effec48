// The policy designer's editor: Monaco with the `elig` language, live diagnostics, a ruleset picker,
// history, save with conflicts, Try-it and Checks — all checking and evaluating in the browser.
import './style.css';
import { hasErrors } from '../../dsl/diagnostics';
import { analyseNow, attachLiveAnalysis, latency } from './analysis';
import { getRuleset, listRulesets, type RulesetSummary } from './api';
import { registerCompletion } from './completion';
import { setCurrency } from './fields';
import { registerHover } from './hover';
import { LANGUAGE_ID, registerLanguage } from './language';
import { monaco } from './monaco';
import { createChecks } from './panels/checks';
import { createDiffPane } from './panels/diff';
import { createHistory, shortVersion } from './panels/history';
import { createImpact } from './panels/impact';
import { createSave } from './panels/save';
import { createTryIt, type LoadedCase } from './panels/tryit';
import { forget, onProgramsChanged } from './programs';
import { el, emit, on, state } from './state';
import { drafts, prefs } from './storage';
import { attachLanguageSwitch } from './i18n';

registerLanguage();
registerCompletion();
registerHover();

const $ = (id: string) => document.getElementById(id)!;
const picker = $('ruleset-picker') as HTMLSelectElement;
attachLanguageSwitch($('lang-select') as HTMLSelectElement);

const editor = monaco.editor.create($('editor'), {
  theme: 'elig-light',
  language: LANGUAGE_ID,
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  tabSize: 2,
  scrollBeyondLastLine: false,
  renderWhitespace: 'none',
  fixedOverflowWidgets: true,
  quickSuggestions: { other: true, comments: false, strings: false },
  suggest: { showWords: false },
  'semanticHighlighting.enabled': false,
});
let model: monaco.editor.ITextModel | undefined;
let live: { schedule(): void; flush(): void } | undefined;
let loadToken = 0;

// ---------------------------------------------------------------- notices and status

function notice(text: string, kind: 'info' | 'warning' | 'error' = 'info', actions: { label: string; testid: string; onClick: () => void }[] = []) {
  const box = $('notice');
  box.hidden = false;
  box.className = `notice ${kind}`;
  const close = el('button', { type: 'button', class: 'close', 'data-testid': 'notice-close', 'aria-label': 'dismiss' }, '×');
  close.addEventListener('click', () => (box.hidden = true));
  box.replaceChildren(
    el('span', { 'data-testid': 'notice-text' }, text),
    ...actions.map((a) => {
      const b = el('button', { type: 'button', 'data-testid': a.testid }, a.label);
      b.addEventListener('click', () => {
        box.hidden = true;
        a.onClick();
      });
      return b;
    }),
    close,
  );
}

function statusMessage(text: string) {
  $('status-message').textContent = text;
}

function updateDirty() {
  const dirty = Boolean(model && state.loaded && model.getValue() !== state.loaded.baseSource);
  $('status-dirty').textContent = dirty ? '● unsaved changes' : '✓ saved';
  $('status-dirty').dataset.dirty = String(dirty);
  document.title = `${dirty ? '● ' : ''}${state.loaded?.id ?? 'elig'} — elig editor`;
}

function updateVersionLabel() {
  const loaded = state.loaded;
  $('version-label').textContent = loaded?.baseVersion ? `version ${shortVersion(loaded.baseVersion)}` : '';
  $('version-label').title = loaded?.baseVersion ?? '';
}

function revealLine(line: number) {
  editor.revealLineInCenter(line);
  editor.setPosition({ lineNumber: line, column: 1 });
  editor.focus();
}

on('analysis', (analysis) => {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  $('status-diagnostics').textContent = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  $('status-diagnostics').className = errors ? 'has-errors' : warnings ? 'has-warnings' : '';
  $('status-check').textContent = `checked in ${analysis.ms.toFixed(1)} ms`;
  $('status-check').dataset.ms = analysis.ms.toFixed(2);
  $('problem-count').textContent = analysis.diagnostics.length ? `(${analysis.diagnostics.length})` : '';
  setCurrency(analysis.checked?.currency ?? /\bcurrency\s+([A-Z]{3})\b/.exec(analysis.text)?.[1]);
  const problems = $('problems');
  problems.replaceChildren(
    ...analysis.diagnostics.map((d) => {
      const item = el('li', { class: d.severity, 'data-testid': 'problem', 'data-code': d.code, 'data-line': String(d.range.start.line) },
        el('span', { class: 'where' }, `${d.range.start.line}:${d.range.start.column}`),
        el('span', { class: 'sev' }, d.severity),
        el('span', { class: 'msg' }, d.message + (d.hint ? ` (${d.hint})` : '')),
        el('code', {}, d.code));
      item.addEventListener('click', () => revealLine(d.range.start.line));
      return item;
    }),
  );
  if (!analysis.diagnostics.length) problems.append(el('li', { class: 'hint' }, 'No problems.'));
  updateDirty();
});

// ---------------------------------------------------------------- panels

const diff = createDiffPane();
const tryIt = createTryIt({
  onLine: revealLine,
  onEvalMs: (ms) => {
    $('status-eval').textContent = ms === undefined ? '' : `evaluated in ${ms.toFixed(1)} ms`;
  },
});
/** A household from a property's counterexample or the Impact panel, shown and explained in Try it. */
function loadCase(c: LoadedCase) {
  showTab('tryit');
  tryIt.load(c);
}
const checks = createChecks({
  onLine: revealLine,
  onLoadCase: loadCase,
  onSummary: (passed, total, failed) => {
    const tab = document.querySelector('[data-tab="checks"]')!;
    tab.querySelector('.count')?.remove();
    // Red only for a check that failed; checks still running show as pending, not as failures.
    const state = failed > 0 ? 'bad' : passed === total ? 'ok' : 'pending';
    if (total) tab.append(el('span', { class: `count ${state}`, 'data-testid': 'checks-count' }, ` ${passed}/${total}${state === 'pending' ? '…' : ''}`));
  },
});

const impact = createImpact({ onLoadCase: loadCase });

function setBase(base: { version: string; etag: string | undefined; source: string }) {
  const loaded = state.loaded!;
  loaded.baseVersion = base.version;
  loaded.baseEtag = base.etag;
  loaded.baseSource = base.source;
  forget(loaded.id);
  updateVersionLabel();
  updateDirty();
}

const history = createHistory({
  diff,
  model: () => model,
  restore: (source, version) => {
    model?.setValue(source);
    notice(`Version ${shortVersion(version)} is in the editor as unsaved changes; save to make it current.`);
  },
  status: statusMessage,
});
const save = createSave({ model: () => model, diff, notice, setBase });

function showTab(name: string) {
  for (const t of document.querySelectorAll<HTMLElement>('.tab')) t.classList.toggle('active', t.dataset.tab === name);
  for (const panel of document.querySelectorAll<HTMLElement>('.panel')) panel.hidden = panel.dataset.panel !== name;
  if (name === 'tryit') tryIt.layout();
  if (name === 'checks') checks.runNow();
  if (name === 'impact') impact.shown();
}
for (const tab of document.querySelectorAll<HTMLButtonElement>('.tab')) {
  tab.addEventListener('click', () => showTab(tab.dataset.tab!));
}

$('save-button').addEventListener('click', () => save.open());
$('discard-button').addEventListener('click', () => {
  if (!state.loaded || !model) return;
  if (model.getValue() === state.loaded.baseSource) return;
  if (!confirm('Drop your unsaved changes?')) return;
  drafts.clear(state.loaded.id);
  void openRuleset(state.loaded.id, { ignoreDraft: true });
});
editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => save.open());

// ---------------------------------------------------------------- loading a ruleset

async function openRuleset(id: string, options: { ignoreDraft?: boolean } = {}) {
  const ticket = ++loadToken;
  statusMessage(`Loading ${id}…`);
  let doc;
  try {
    doc = await getRuleset(id);
  } catch (error) {
    notice(`Could not load ${id}: ${String(error instanceof Error ? error.message : error)}`, 'error');
    statusMessage('');
    return;
  }
  if (ticket !== loadToken) return;
  diff.close();
  const draft = options.ignoreDraft ? undefined : drafts.get(id);
  const restored = draft && draft.source !== doc.source ? draft : undefined;
  if (draft && !restored) drafts.clear(id);
  state.loaded = {
    id,
    title: doc.title ?? id,
    baseVersion: restored ? (restored.baseVersion ?? doc.version) : doc.version,
    baseEtag: restored ? restored.baseEtag : doc.etag,
    baseSource: doc.source,
  };
  if (restored && restored.baseVersion && restored.baseVersion !== doc.version) {
    // the draft was edited from an older version: keep that base so saving shows the conflict
    state.loaded.baseSource = doc.source;
  }
  prefs.setLastRuleset(id);
  if (picker.value !== id) picker.value = id;
  if (location.hash.slice(1) !== id) history_replace(id);
  $('ruleset-title').textContent = doc.title ?? '';

  const uri = monaco.Uri.parse(`file:///${id}.elig`);
  monaco.editor.getModel(uri)?.dispose();
  const previous = model;
  model = monaco.editor.createModel(restored ? restored.source : doc.source, LANGUAGE_ID, uri);
  editor.setModel(model);
  previous?.dispose();
  live = attachLiveAnalysis(model);
  const current = model;
  current.onDidChangeContent(() => {
    const loaded = state.loaded;
    if (!loaded || current !== model) return;
    updateDirty();
    const text = current.getValue();
    if (text === loaded.baseSource && loaded.baseEtag === doc.etag) drafts.clear(loaded.id);
    else drafts.set(loaded.id, { source: text, baseVersion: loaded.baseVersion, baseEtag: loaded.baseEtag, savedAt: new Date().toISOString() });
  });
  analyseNow(current);
  updateVersionLabel();
  updateDirty();
  emit('loaded', state.loaded);
  statusMessage('');
  if (restored) {
    const stale = restored.baseVersion && restored.baseVersion !== doc.version;
    notice(
      `Restored your unsaved changes from ${new Date(restored.savedAt).toLocaleString()}.` +
        (stale ? ` They were made on version ${shortVersion(restored.baseVersion)}; the server now has ${shortVersion(doc.version)} — saving will show both.` : ''),
      'warning',
      [{ label: 'Discard them', testid: 'discard-draft', onClick: () => { drafts.clear(id); void openRuleset(id, { ignoreDraft: true }); } }],
    );
  } else {
    $('notice').hidden = true;
  }
}

function history_replace(id: string) {
  window.history.replaceState(null, '', `#${id}`);
}

picker.addEventListener('change', () => void openRuleset(picker.value));
window.addEventListener('hashchange', () => {
  const id = location.hash.slice(1);
  if (id && id !== state.loaded?.id) void openRuleset(id);
});
onProgramsChanged(() => {
  if (model) live?.schedule();
});

async function start() {
  let rulesets: RulesetSummary[] = [];
  try {
    rulesets = await listRulesets();
  } catch (error) {
    notice(`Could not list the rulesets: ${String(error instanceof Error ? error.message : error)}`, 'error');
  }
  picker.replaceChildren(...rulesets.map((r) => el('option', { value: r.id }, r.title ? `${r.id} — ${r.title}` : r.id)));
  const wanted = [location.hash.slice(1), prefs.lastRuleset(), rulesets[0]?.id].find((id) => id && rulesets.some((r) => r.id === id));
  if (wanted) await openRuleset(wanted);
  else if (!rulesets.length) notice('The server has no rulesets.', 'warning');
  elig.ready = true;
}

// ---------------------------------------------------------------- test hook

const elig = {
  monaco,
  editor,
  state,
  ready: false,
  get model() {
    return model;
  },
  /** Parse + check time of the last analysis, in the browser (ms). */
  get lastCheckMs() {
    return state.analysis?.ms;
  },
  /** From the first edit of a burst to its markers being set (includes the debounce). */
  get lastKeystrokeToMarkersMs() {
    return latency.lastKeystrokeToMarkersMs;
  },
  get diagnostics() {
    return state.analysis?.diagnostics ?? [];
  },
  get hasErrors() {
    return hasErrors(state.analysis?.diagnostics ?? []);
  },
  analyseNow: () => (model ? analyseNow(model) : undefined),
  openRuleset,
  history,
  evaluate: () => tryIt.evaluateNow(),
  /** Resolves when the property checks in flight have finished. */
  checksIdle: () => checks.idle(),
  showTab,
};
(window as unknown as { __elig: typeof elig }).__elig = elig;

void start();
