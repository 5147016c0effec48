// Impact: the ruleset in the editor (the buffer, saved or not) against a baseline — the last saved version
// by default, or another ruleset — over a population of households (pasted or uploaded JSON/JSONL, or a
// synthetic sample generated here). Evaluated in the browser with engine/analysis/population.ts's fold, a
// few households at a time so the page stays responsive; the fold keeps counts and exact sums only.
import { hasErrors } from '../../../dsl/diagnostics';
import { parseWithin, type ThresholdMargin } from '../../../engine/analysis/margins';
import { PopulationFold, type ComparisonChange, type FunnelStep, type PopulationReport, type PopulationSummary } from '../../../engine/analysis/population';
import type { Household, Period } from '../../../engine/decision';
import type { LoadedRuleset } from '../../../engine';
import { getRuleset, listRulesets } from '../api';
import { validateHousehold } from '../household';
import { compileText, ensurePrograms, resolveLoaded } from '../programs';
import { yieldToPage } from '../properties';
import { currentRuleset } from '../runtime';
import { exampleSamples, rulesetCountry, sharedSamples } from '../samples';
import { el, on, state } from '../state';
import { seededRandom } from '../../../engine/analysis/seeded-random';
import { syntheticPopulation } from '../synthetic';
import type { LoadedCase } from './tryit';

const SYNTHETIC_SIZE = 500;
const SYNTHETIC_SEED = 1;
const CHUNK = 25;
const PER_YEAR: Record<Period, bigint | null> = { month: 12n, bimonth: 6n, year: 1n, once: null };

// ---------------------------------------------------------------- exact money

const toMicro = (x: number): bigint => BigInt(Math.round(x * 1e6));

/** An exact decimal from micro-units: `-1234.5`. */
export function microToDecimal(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** For people: thousands grouped, a sign on changes. */
function money(micro: bigint, signed = false): string {
  const plain = microToDecimal(micro);
  const [whole, fraction] = plain.replace('-', '').split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = micro < 0n ? '−' : signed && micro > 0n ? '+' : '';
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

// ---------------------------------------------------------------- the fold's report, for display

interface Totals {
  ruleset: { id: string; version: string };
  subjects: number;
  eligible: number;
  ineligible: number;
  undetermined: number;
  micro: bigint;
  currency: string;
  period: Period | undefined;
  unknownCost: number;
}

export interface ImpactResult {
  date: string;
  households: number;
  baseline: Totals;
  reform: Totals;
  funnel: FunnelStep[];
  gainers: number;
  losers: number;
  benefitUp: number;
  benefitDown: number;
  becameUndetermined: number;
  samples: { gainers: ComparisonChange[]; losers: ComparisonChange[] };
  /** With "near thresholds": the baseline's subjects within that distance of each threshold. */
  margins?: ThresholdMargin[];
}

function totals(s: PopulationSummary): Totals {
  return {
    ruleset: s.ruleset, subjects: s.subjects, eligible: s.eligible, ineligible: s.ineligible, undetermined: s.undetermined,
    micro: toMicro(s.cost.amount), currency: s.cost.currency, period: s.subjects > 0 ? s.cost.period : undefined, unknownCost: s.cost_unknown_subjects,
  };
}

function impactOf(r: PopulationReport): ImpactResult {
  const c = r.changes;
  return {
    date: r.date, households: r.households, baseline: totals(r.baseline), reform: totals(r.reform!), funnel: r.funnel,
    gainers: c?.gainers ?? 0, losers: c?.losers ?? 0, benefitUp: c?.benefit_up ?? 0, benefitDown: c?.benefit_down ?? 0,
    becameUndetermined: c?.became_undetermined ?? 0, samples: c?.samples ?? { gainers: [], losers: [] },
    ...(r.margins ? { margins: r.margins } : {}),
  };
}

export function perYear(t: Totals): bigint | null {
  const factor = PER_YEAR[t.period ?? 'once'];
  return factor === null ? null : t.micro * factor;
}

// ---------------------------------------------------------------- reading a population

export function parsePopulation(text: string): { households: unknown[]; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { households: [] };
  if (trimmed.startsWith('[')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (!Array.isArray(value)) return { households: [], error: 'Expected a JSON array of households.' };
      return { households: value };
    } catch (error) {
      return { households: [], error: `Not valid JSON: ${(error as Error).message}` };
    }
  }
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return { households: [value] };
  } catch {
    // not one object: JSON Lines
  }
  const households: unknown[] = [];
  const lines = trimmed.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      households.push(JSON.parse(line));
    } catch (error) {
      return { households: [], error: `Line ${i + 1} is not valid JSON (${(error as Error).message}). Paste a JSON array, or one household per line (JSONL).` };
    }
  }
  return { households };
}

// ---------------------------------------------------------------- the panel

export interface Impact {
  shown(): void;
  run(): Promise<void>;
}

export function createImpact(options: { onLoadCase: (c: LoadedCase) => void }): Impact {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const baselineSelect = $<HTMLSelectElement>('impact-baseline');
  const dateInput = $<HTMLInputElement>('impact-date');
  const fileInput = $<HTMLInputElement>('impact-file');
  const textarea = $<HTMLTextAreaElement>('impact-population');
  const syntheticButton = $<HTMLButtonElement>('impact-synthetic');
  const runButton = $<HTMLButtonElement>('impact-run');
  const withinInput = $<HTMLInputElement>('impact-within');
  const progress = $('impact-progress');
  const populationStatus = $('impact-population-status');
  const result = $('impact-result');

  let mode: 'text' | 'synthetic' = 'text';
  let synthetic: { households: Household[]; bases: number; examples: number; samples: number } | undefined;
  let dateTouched = false;
  let lastRun: { text: string; baseSource: string } | undefined;
  let ticket = 0;
  let listed = false;

  dateInput.value = state.evalDate;

  // ---------------------------------------------------------------- inputs

  async function fillBaselines() {
    const id = state.loaded?.id;
    const current = baselineSelect.value;
    const options = [el('option', { value: '' }, id ? `last saved version of ${id}` : 'last saved version')];
    try {
      const rulesets = await listRulesets();
      listed = true;
      for (const r of rulesets) if (r.id !== id) options.push(el('option', { value: r.id }, r.title ? `${r.id} — ${r.title}` : r.id));
    } catch {
      listed = false;
    }
    baselineSelect.replaceChildren(...options);
    baselineSelect.value = [...baselineSelect.options].some((o) => o.value === current) ? current : '';
  }

  function describePopulation() {
    textarea.classList.toggle('inactive', mode === 'synthetic');
    textarea.title = mode === 'synthetic' ? 'Not used while the synthetic sample is: type or paste here to use your households again' : '';
    if (mode === 'synthetic' && synthetic) {
      populationStatus.dataset.kind = 'synthetic';
      populationStatus.classList.remove('error');
      populationStatus.textContent =
        `Synthetic sample: ${synthetic.households.length} households generated in this browser from ${synthetic.examples} example(s) and ${synthetic.samples} shared sample(s) of this ruleset, ` +
        `with incomes scaled ×0.2–2.5 and ages moved ±4 years (seed ${SYNTHETIC_SEED}). Made-up households, not survey data: use them to see the shape of a change, not to budget it.`;
      return;
    }
    populationStatus.dataset.kind = 'text';
    const parsed = parsePopulation(textarea.value);
    populationStatus.textContent = parsed.error
      ? parsed.error
      : parsed.households.length
        ? `${parsed.households.length} household${parsed.households.length === 1 ? '' : 's'} pasted or uploaded.`
        : 'Paste households (a JSON array, or one per line), upload a .json/.jsonl file, or use the synthetic sample.';
    populationStatus.classList.toggle('error', Boolean(parsed.error));
  }

  function makeSynthetic() {
    const examples = exampleSamples().map((s) => s.household);
    const country = rulesetCountry();
    const shared = sharedSamples(country);
    const own = shared.filter((s) => s.country === country);
    const samples = (own.length || examples.length ? own : shared).map((s) => s.household);
    const bases = [...examples, ...samples];
    // a seeded shuffle of the bases' order, so the cycle does not always start with the first example
    const random = seededRandom(SYNTHETIC_SEED ^ 0x5bd1e995);
    for (let i = bases.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [bases[i], bases[j]] = [bases[j], bases[i]];
    }
    const households = syntheticPopulation(bases, { size: SYNTHETIC_SIZE, seed: SYNTHETIC_SEED });
    synthetic = { households, bases: bases.length, examples: examples.length, samples: samples.length };
    mode = 'synthetic';
    describePopulation();
  }

  function population(): { households: Household[]; skipped: string[]; error?: string } {
    const raw = mode === 'synthetic' && synthetic ? synthetic.households : parsePopulation(textarea.value);
    if (!Array.isArray(raw) && raw.error) return { households: [], skipped: [], error: raw.error };
    const list = Array.isArray(raw) ? raw : raw.households;
    const households: Household[] = [];
    const skipped: string[] = [];
    list.forEach((h, i) => {
      const problems = validateHousehold(h);
      if (problems.length) {
        const p = problems[0]!;
        skipped.push(`#${i + 1}${(h as { id?: unknown })?.id ? ` (${String((h as { id?: unknown }).id)})` : ''}: ${p.pointer ? `${p.pointer}: ` : ''}${p.message}`);
      } else households.push(h as Household);
    });
    return { households, skipped };
  }

  async function baselineRuleset(): Promise<{ ruleset?: LoadedRuleset; label: string; error?: string }> {
    const loaded = state.loaded!;
    const other = baselineSelect.value;
    const id = other || loaded.id;
    const source = other ? (await getRuleset(other)).source : loaded.baseSource;
    const label = other ? other : `${loaded.id} as last saved`;
    await ensurePrograms(source);
    const { ruleset, diagnostics } = compileText(id, source);
    if (!ruleset) {
      const first = diagnostics.find((d) => d.severity === 'error');
      return { label, error: `The baseline (${label}) does not load: ${first ? `line ${first.range.start.line}: ${first.message}` : 'unknown error'}` };
    }
    return { ruleset, label };
  }

  // ---------------------------------------------------------------- running

  async function run() {
    const mine = ++ticket;
    const loaded = state.loaded;
    if (!loaded || !state.analysis) return;
    result.dataset.state = 'running';
    const fail = (message: string) => {
      if (mine !== ticket) return;
      result.dataset.state = 'error';
      progress.textContent = '';
      result.replaceChildren(el('p', { class: 'error', 'data-testid': 'impact-error' }, message));
    };
    const { households, skipped, error } = population();
    if (error) return fail(error);
    if (!households.length) return fail(skipped.length ? `None of the ${skipped.length} households is valid: ${skipped.slice(0, 3).join('; ')}` : 'No households to compare: paste or upload some, or use the synthetic sample.');
    const text = state.analysis.text;
    await ensurePrograms(text);
    const { ruleset: reform, diagnostics } = currentRuleset();
    if (!reform) {
      return fail(hasErrors(diagnostics) ? 'The ruleset in the editor has errors; fix them to compare (see Problems).' : 'The ruleset in the editor is not loaded yet.');
    }
    let baseline: Awaited<ReturnType<typeof baselineRuleset>>;
    try {
      baseline = await baselineRuleset();
    } catch (e) {
      return fail(`Could not load the baseline: ${String(e instanceof Error ? e.message : e)}`);
    }
    if (!baseline.ruleset) return fail(baseline.error ?? 'The baseline does not load.');
    const date = dateInput.value || state.evalDate;
    const withinText = withinInput.value.trim();
    const within = withinText ? parseWithin(withinText) : undefined;
    if (withinText && !within) return fail(`"Near thresholds, within" takes a distance in each threshold's own unit (10) or a percentage of it (5%), not "${withinText}".`);
    const fold = new PopulationFold({ date, baseline: baseline.ruleset, reform, resolve: resolveLoaded, within });
    runButton.disabled = true;
    try {
      for (let i = 0; i < households.length; i += CHUNK) {
        if (mine !== ticket) return;
        progress.textContent = `evaluating ${Math.min(i + CHUNK, households.length)} of ${households.length} households…`;
        await yieldToPage();
        if (mine !== ticket) return;
        for (const h of households.slice(i, i + CHUNK)) fold.add(h);
      }
    } catch (e) {
      return fail(`Evaluation failed: ${String(e instanceof Error ? e.message : e)}`);
    } finally {
      runButton.disabled = false;
    }
    if (mine !== ticket) return;
    progress.textContent = '';
    lastRun = { text, baseSource: loaded.baseSource };
    render(impactOf(fold.report()), households, skipped, baseline.label);
    result.dataset.state = 'done';
  }

  // ---------------------------------------------------------------- rendering

  function cell(value: string, testid: string, raw?: string): HTMLElement {
    return el('td', { 'data-testid': testid, 'data-value': raw ?? value }, value);
  }

  function countChange(a: number, b: number): string {
    const d = b - a;
    return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0';
  }

  function render(r: ImpactResult, households: Household[], skipped: string[], baselineLabel: string) {
    const byId = new Map<string, Household>();
    for (const h of households) if (!byId.has(h.id)) byId.set(h.id, h);
    const b = r.baseline;
    const f = r.reform;
    const samePeriod = (b.period ?? f.period) === (f.period ?? b.period) && b.currency === f.currency;
    const period = (t: Totals) => (t.period === 'once' ? 'once' : `per ${t.period ?? 'period'}`);
    const by = perYear(b);
    const fy = perYear(f);

    const table = el('table', { class: 'impact-table', 'data-testid': 'impact-summary' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, `baseline (${baselineLabel})`), el('th', {}, 'edited'), el('th', {}, 'change'))),
      el('tbody', {},
        el('tr', {}, el('th', {}, 'subjects'), cell(String(b.subjects), 'impact-subjects-baseline'), cell(String(f.subjects), 'impact-subjects-reform'), cell(countChange(b.subjects, f.subjects), 'impact-subjects-change', String(f.subjects - b.subjects))),
        el('tr', {}, el('th', {}, 'eligible'), cell(String(b.eligible), 'impact-eligible-baseline'), cell(String(f.eligible), 'impact-eligible-reform'), cell(countChange(b.eligible, f.eligible), 'impact-eligible-change', String(f.eligible - b.eligible))),
        el('tr', {}, el('th', {}, 'not eligible'), cell(String(b.ineligible), 'impact-ineligible-baseline'), cell(String(f.ineligible), 'impact-ineligible-reform'), cell(countChange(b.ineligible, f.ineligible), 'impact-ineligible-change', String(f.ineligible - b.ineligible))),
        el('tr', {}, el('th', {}, 'undetermined'), cell(String(b.undetermined), 'impact-undetermined-baseline'), cell(String(f.undetermined), 'impact-undetermined-reform'), cell(countChange(b.undetermined, f.undetermined), 'impact-undetermined-change', String(f.undetermined - b.undetermined))),
        el('tr', {}, el('th', {}, `cost ${period(b)}${samePeriod ? '' : ` / ${period(f)}`}`),
          cell(`${money(b.micro)} ${b.currency}`, 'impact-cost-baseline', microToDecimal(b.micro)),
          cell(`${money(f.micro)} ${f.currency}`, 'impact-cost-reform', microToDecimal(f.micro)),
          samePeriod ? cell(`${money(f.micro - b.micro, true)} ${f.currency}`, 'impact-cost-change', microToDecimal(f.micro - b.micro)) : cell('—', 'impact-cost-change', '')),
        el('tr', {}, el('th', {}, 'cost per year'),
          cell(by === null ? '— (one-off)' : `${money(by)} ${b.currency}`, 'impact-cost-year-baseline', by === null ? '' : microToDecimal(by)),
          cell(fy === null ? '— (one-off)' : `${money(fy)} ${f.currency}`, 'impact-cost-year-reform', fy === null ? '' : microToDecimal(fy)),
          by !== null && fy !== null && b.currency === f.currency ? cell(`${money(fy - by, true)} ${f.currency}`, 'impact-cost-year-change', microToDecimal(fy - by)) : cell('—', 'impact-cost-year-change', '')),
      ));

    const counts = el('ul', { class: 'impact-counts' },
      el('li', {}, el('strong', { 'data-testid': 'impact-gainers', 'data-value': String(r.gainers) }, String(r.gainers)), ' gain eligibility'),
      el('li', {}, el('strong', { 'data-testid': 'impact-losers', 'data-value': String(r.losers) }, String(r.losers)), ' lose it'),
      el('li', {}, el('strong', { 'data-testid': 'impact-benefit-up', 'data-value': String(r.benefitUp) }, String(r.benefitUp)), ' stay eligible with a higher benefit, ',
        el('strong', { 'data-testid': 'impact-benefit-down', 'data-value': String(r.benefitDown) }, String(r.benefitDown)), ' with a lower one'),
      r.becameUndetermined ? el('li', {}, el('strong', { 'data-testid': 'impact-became-undetermined' }, String(r.becameUndetermined)), ' become undetermined (missing facts)') : undefined);

    const notes = el('div', { class: 'impact-notes' });
    notes.append(el('p', { class: 'hint', 'data-testid': 'impact-what' },
      `${r.households} households evaluated on ${r.date}: ${f.ruleset.id} as in the editor${state.loaded && state.analysis?.text !== state.loaded.baseSource ? ' (with unsaved changes)' : ''} against ${baselineLabel}.`));
    if (mode === 'synthetic') notes.append(el('p', { class: 'warning', 'data-testid': 'impact-synthetic-note' }, 'Synthetic households: the counts and costs describe the made-up sample, not a real population.'));
    if (skipped.length) notes.append(el('p', { class: 'warning', 'data-testid': 'impact-skipped' }, `${skipped.length} household(s) skipped as invalid: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}`));
    if (b.unknownCost || f.unknownCost) notes.append(el('p', { class: 'hint' }, `Costs are lower bounds: ${b.unknownCost} baseline and ${f.unknownCost} edited eligible subjects have an unknown benefit.`));
    if (b.undetermined || f.undetermined) notes.append(el('p', { class: 'hint' }, 'Undetermined subjects lack a fact the rules need (see Try it for one of them).'));

    const funnel = el('ol', { class: 'funnel', 'data-testid': 'impact-funnel' });
    funnel.append(el('li', { class: 'funnel-step total' }, el('span', { class: 'funnel-label' }, 'all subjects'), el('span', { class: 'funnel-count' }, String(b.subjects))));
    for (const step of r.funnel) {
      const share = b.subjects ? (100 * step.passing) / b.subjects : 0;
      funnel.append(el('li', { class: 'funnel-step', 'data-testid': 'funnel-step', 'data-label': step.label, 'data-passing': String(step.passing) },
        el('span', { class: 'funnel-label' }, step.label),
        el('span', { class: 'funnel-bar' }, el('span', { style: `width: ${share.toFixed(1)}%` })),
        el('span', { class: 'funnel-count' }, `${step.passing} (${share.toFixed(0)}%)`)));
    }

    const changeList = (kind: 'gainer' | 'loser', list: ComparisonChange[], total: number) => {
      const ul = el('ul', { class: 'impact-changes', 'data-testid': `impact-${kind}s-list` });
      for (const c of list) {
        const household = byId.get(c.household);
        const fmt = (s: { eligible: boolean | null; benefit: number | null }) => `${s.eligible === true ? '✓' : s.eligible === false ? '✗' : '?'} ${s.benefit === null ? 'unknown' : s.benefit}`;
        const link = el('a', { href: '#', 'data-testid': `impact-${kind}`, 'data-household': c.household, 'data-subject': c.subject },
          `${c.household}${c.subject !== 'household' ? ` · ${c.subject}` : ''}: ${fmt(c.before)} → ${fmt(c.after)}`);
        link.addEventListener('click', (ev) => {
          ev.preventDefault();
          if (!household) return;
          options.onLoadCase({
            household,
            date: r.date,
            subject: c.subject,
            note: `A ${kind} of the Impact comparison: ${c.subject} of ${c.household} is ${c.before.eligible === true ? 'eligible' : 'not eligible'} under ${baselineLabel} and ${c.after.eligible === true ? 'eligible' : c.after.eligible === false ? 'not eligible' : 'undetermined'} under the edited rules (shown here).`,
          });
        });
        ul.append(el('li', {}, link));
      }
      if (!list.length) ul.append(el('li', { class: 'hint' }, 'none'));
      else if (total > list.length) ul.append(el('li', { class: 'hint' }, `… and ${total - list.length} more`));
      return ul;
    };

    result.replaceChildren(
      notes,
      table,
      counts,
      el('h4', {}, `Who passes each criterion under the baseline (${baselineLabel})`),
      r.funnel.length ? funnel : el('p', { class: 'hint' }, 'The baseline has no `eligible when` conditions to follow.'),
      ...(r.margins ? [el('h4', {}, `Near each threshold of the baseline (${baselineLabel})`), el('ul', { class: 'impact-margins', 'data-testid': 'impact-margins' }, ...r.margins.map((m) => el('li', {
        'data-testid': 'impact-margin', 'data-near': String(m.near), 'data-meeting': String(m.meeting), 'data-failing': String(m.failing),
      }, m.message.text)), r.margins.length ? undefined : el('li', { class: 'hint' }, 'The baseline compares no household quantity with a threshold.'))] : []),
      el('div', { class: 'impact-samples' },
        el('div', {}, el('h4', {}, 'Some gainers'), changeList('gainer', r.samples.gainers, r.gainers)),
        el('div', {}, el('h4', {}, 'Some losers'), changeList('loser', r.samples.losers, r.losers))),
      el('p', { class: 'hint' }, 'Click a household to see its explanation under the edited rules in Try it.'),
    );
  }

  function markStale() {
    const stale = Boolean(lastRun && (state.analysis?.text !== lastRun.text || state.loaded?.baseSource !== lastRun.baseSource));
    const existing = result.querySelector('[data-testid="impact-stale"]');
    if (stale && !existing && result.dataset.state === 'done') {
      result.prepend(el('p', { class: 'warning', 'data-testid': 'impact-stale' }, 'The rules changed since this comparison: compare again.'));
    } else if (!stale) existing?.remove();
  }

  // ---------------------------------------------------------------- wiring

  runButton.addEventListener('click', () => void run());
  syntheticButton.addEventListener('click', () => makeSynthetic());
  textarea.addEventListener('input', () => {
    mode = 'text';
    describePopulation();
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    textarea.value = await file.text();
    mode = 'text';
    describePopulation();
  });
  dateInput.addEventListener('change', () => (dateTouched = true));
  on('evalDate', (date) => {
    if (!dateTouched) dateInput.value = date;
  });
  on('analysis', () => markStale());
  on('loaded', () => {
    ticket++;
    lastRun = undefined;
    synthetic = undefined;
    if (mode === 'synthetic') mode = 'text';
    result.replaceChildren();
    delete result.dataset.state;
    progress.textContent = '';
    describePopulation();
    void fillBaselines();
  });
  describePopulation();

  return {
    shown: () => {
      if (!listed) void fillBaselines();
      describePopulation();
    },
    run,
  };
}
