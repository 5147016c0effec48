// Try-it's "What would change it?": for the household in Try-it, each decision's nearest flips (click one
// to load the changed household into Try-it), its margins and the next date its decision changes (click
// to move Try-it's date). Computed on demand: the search re-evaluates the household hundreds of times.
import { counterfactuals, type LoadedRuleset, type SubjectCounterfactuals } from '../../../engine';
import { withFacts } from '../../../engine/counterfactuals/household-edit';
import type { Household } from '../../../engine/decision';
import { resolveLoaded } from '../programs';
import { el } from '../state';
import type { LoadedCase } from './tryit';

/** The editor's search cap per subject: enough for the shipped programs, bounded for a pasted one. */
const EDITOR_CAP = 3000;

export function flipsSection(ruleset: LoadedRuleset, household: unknown, date: string, load: (c: LoadedCase) => void, setDate: (d: string) => void): HTMLElement {
  const button = el('button', { type: 'button', 'data-testid': 'flips-run' }, 'What would change it?');
  const body = el('div', { class: 'flips-body', 'data-testid': 'flips-body' });
  const section = el('section', { class: 'flips', 'data-testid': 'flips' }, button, body);
  button.addEventListener('click', () => {
    let results: SubjectCounterfactuals[];
    try {
      results = counterfactuals(ruleset, household as Household, { date, resolve: resolveLoaded, cap: EDITOR_CAP });
    } catch (error) {
      body.replaceChildren(el('p', { class: 'error' }, `The search failed: ${String(error)}`));
      return;
    }
    body.replaceChildren(...results.map((r) => subjectBlock(r, household as Household, date, load, setDate)));
    if (!results.length) body.replaceChildren(el('p', { class: 'hint' }, 'No member of this household is a subject of the program.'));
  });
  return section;
}

function subjectBlock(r: SubjectCounterfactuals, household: Household, date: string, load: (c: LoadedCase) => void, setDate: (d: string) => void): HTMLElement {
  const verdict = r.eligible === true ? 'eligible' : r.eligible === false ? 'not eligible' : 'undetermined';
  const flips = r.flips.map((f, i) => {
    const item = el('li', {}, el('button', { type: 'button', class: 'link', 'data-testid': 'flip', 'data-index': String(i), title: 'Load this changed household into Try-it' }, f.message.text));
    item.querySelector('button')!.addEventListener('click', () => {
      const changed = withFacts(household, f.changes.map((c) => ({ fact: c.fact, to: c.to })));
      load({ household: changed, date, note: `Changed: ${f.message.text}`, subject: r.subject });
    });
    return item;
  });
  const margins = r.margins.map((m) => el('li', { 'data-testid': 'margin' }, m.message.text));
  const next = r.next && el('button', { type: 'button', class: 'link', 'data-testid': 'flip-date', title: 'Evaluate on this date' }, r.next.message.text);
  next?.addEventListener('click', () => setDate(r.next!.date));
  const s = r.search;
  return el('div', { class: 'flips-subject', 'data-testid': 'flips-subject', 'data-subject': r.subject },
    el('h4', {}, `${r.subject}: ${verdict}`),
    flips.length ? el('ul', { class: 'flip-list' }, ...flips) : r.eligible !== true ? el('p', { class: 'hint' }, 'No change of one or two facts makes it eligible within the search.') : null,
    margins.length ? el('ul', { class: 'margin-list' }, ...margins) : null,
    next ? el('p', {}, 'In time: ', next) : null,
    el('p', { class: 'hint', 'data-testid': 'flips-search' },
      `${s.evaluations} evaluations${s.capped ? ` (stopped at the cap of ${s.cap}; there may be more)` : ''}; not changed: ${s.fixed.join(', ') || 'none'}.`),
  );
}
