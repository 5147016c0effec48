// Try-it's "What would change it?": for the household in Try-it, each decision's nearest flips (click one
// to load the changed household into Try-it), its margins and the next date its decision changes (click
// to move Try-it's date). Computed on demand: the search re-evaluates the household hundreds of times.
import { counterfactuals, type LoadedRuleset, type SubjectCounterfactuals } from '../../../engine';
import { withFacts } from '../../../engine/counterfactuals/household-edit';
import type { Household } from '../../../engine/decision';
import { lower } from '../../../engine/ir/lower';
import { sayCounterfactuals } from '../../../engine/render/counterfactuals';
import { rendererFor } from '../../../engine/render/render';
import { membersOf, type RawHousehold } from '../../../engine/types';
import { parseIsoDate } from '../../../engine/values';
import { t } from '../i18n';
import { resolveLoaded } from '../programs';
import { el, state } from '../state';
import type { LoadedCase } from './tryit';

/** The editor's search cap per subject: enough for the shipped programs, bounded for a pasted one. */
const EDITOR_CAP = 3000;

export function flipsSection(ruleset: LoadedRuleset, household: unknown, date: string, load: (c: LoadedCase) => void, setDate: (d: string) => void): HTMLElement {
  const button = el('button', { type: 'button', 'data-testid': 'flips-run' }, t('flips_run'));
  const body = el('div', { class: 'flips-body', 'data-testid': 'flips-body' });
  const section = el('section', { class: 'flips', 'data-testid': 'flips' }, button, body);
  button.addEventListener('click', () => {
    let results: SubjectCounterfactuals[];
    try {
      results = counterfactuals(ruleset, household as Household, { date, resolve: resolveLoaded, cap: EDITOR_CAP });
    } catch (error) {
      body.replaceChildren(el('p', { class: 'error' }, t('flips_failed', { error: String(error) })));
      return;
    }
    // In Spanish or Portuguese the renderer writes the sentences (English keeps the analysis's own text).
    if (state.lang !== 'en') {
      const w = rendererFor(lower(ruleset.checked), state.lang).on(parseIsoDate(date) ?? NaN);
      const members = membersOf(household as RawHousehold);
      for (const r of results) sayCounterfactuals(r, w, members);
    }
    body.replaceChildren(...results.map((r) => subjectBlock(r, household as Household, date, load, setDate)));
    if (!results.length) body.replaceChildren(el('p', { class: 'hint' }, t('no_decisions')));
  });
  return section;
}

function subjectBlock(r: SubjectCounterfactuals, household: Household, date: string, load: (c: LoadedCase) => void, setDate: (d: string) => void): HTMLElement {
  const verdict = t(r.eligible === true ? 'eligible' : r.eligible === false ? 'not_eligible' : 'undetermined');
  const flips = r.flips.map((f, i) => {
    const item = el('li', {}, el('button', { type: 'button', class: 'link', 'data-testid': 'flip', 'data-index': String(i), title: t('flips_load') }, f.message.text));
    item.querySelector('button')!.addEventListener('click', () => {
      const changed = withFacts(household, f.changes.map((c) => ({ fact: c.fact, to: c.to })));
      load({ household: changed, date, note: t('flips_changed', { change: f.message.text }), subject: r.subject });
    });
    return item;
  });
  const margins = r.margins.map((m) => el('li', { 'data-testid': 'margin' }, m.message.text));
  const next = r.next && el('button', { type: 'button', class: 'link', 'data-testid': 'flip-date', title: t('flips_on_date') }, r.next.message.text);
  next?.addEventListener('click', () => setDate(r.next!.date));
  const s = r.search;
  return el('div', { class: 'flips-subject', 'data-testid': 'flips-subject', 'data-subject': r.subject },
    el('h4', {}, `${r.subject}: ${verdict}`),
    flips.length ? el('ul', { class: 'flip-list' }, ...flips) : r.eligible !== true ? el('p', { class: 'hint' }, t('flips_no_change')) : null,
    margins.length ? el('ul', { class: 'margin-list' }, ...margins) : null,
    next ? el('p', {}, t('flips_in_time'), next) : null,
    el('p', { class: 'hint', 'data-testid': 'flips-search' },
      t('flips_search', { evaluations: String(s.evaluations), capped: s.capped ? t('flips_capped', { cap: String(s.cap) }) : '', fixed: s.fixed.join(', ') || t('flips_none') })),
  );
}
