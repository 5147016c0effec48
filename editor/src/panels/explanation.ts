// Decisions and their explanation trees: held conditions ✓ (green), failed ✗ (red), unknown ? (amber),
// with the value seen, the threshold, units, citations and assumptions; `missing` facts and `reasons`.
import type { Decision, EvaluateResponse, ExplanationNode } from '../../../engine/decision';
import { el } from '../state';
import { missingFacts } from '../../../engine/explain/facts';
import type { Renderer } from '../../../engine/render/render';
import { comparedText, nodeValueText } from '../../../engine/render/report';
import { t } from '../i18n';

/** The engine's renderer in the interface language (values, comparisons, facts in words) and the
 *  household evaluated (a missing fact names its member). */
export interface TreeWords {
  w: Renderer;
  members: readonly Record<string, unknown>[];
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Number(value.toFixed(6)));
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return `{${value.map(formatValue).join(', ')}}`;
  return JSON.stringify(value);
}

function holdsMark(holds: boolean | null | undefined): { mark: string; cls: string; word: string } {
  if (holds === true) return { mark: '✓', cls: 'held', word: 'held' };
  if (holds === false) return { mark: '✗', cls: 'failed', word: 'failed' };
  if (holds === null) return { mark: '?', cls: 'unknown', word: 'unknown' };
  return { mark: '•', cls: 'value', word: 'value' };
}

export function renderNode(node: ExplanationNode, onLine: (line: number) => void, words: TreeWords): HTMLElement {
  const { w } = words;
  const { mark, cls, word } = holdsMark(node.kind === 'value' || node.kind === 'term' ? (node.holds ?? undefined) : node.holds);
  const head = el('div', { class: 'node-head' });
  head.append(el('span', { class: `mark ${cls}`, 'aria-label': word, 'data-testid': 'explain-mark' }, mark));
  const groupWord = node.kind === 'all' || node.kind === 'any' || node.kind === 'none' ? w.group(node.kind) : undefined;
  const ownLabel = node.label && node.label !== groupWord ? node.label : '';
  head.append(el('span', { class: 'label', 'data-testid': 'explain-label' }, groupWord ? `${groupWord}${ownLabel ? ` “${ownLabel}”` : ''}` : node.label));
  if (node.value !== undefined) {
    head.append(el('span', { class: 'seen', 'data-testid': 'explain-value' }, `= ${nodeValueText(node, w)}`));
  }
  // "is known" is said by the mark alone.
  if (node.compared && !/^is (not )?(known|unknown)$/.test(node.compared.op)) {
    const name = node.compared.name ? ` (${w.name(node.compared.name)})` : '';
    head.append(el('span', { class: 'threshold', 'data-testid': 'explain-threshold' }, `${comparedText(node, w)}${name}`));
  }
  if (node.line && node.program) {
    // An inherited rule of a variant: its line is in the base ruleset's file, not in this buffer.
    head.append(el('span', { class: 'line-link inherited', title: 'Written in the ruleset this one extends', 'data-testid': 'explain-line' }, `${node.program} ${t('line')} ${node.line}`));
  } else if (node.line) {
    const link = el('a', { href: '#', class: 'line-link', title: 'Show the rule', 'data-testid': 'explain-line' }, `${t('line')} ${node.line}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      onLine(node.line!);
    });
    head.append(link);
  }
  const item = el('li', { class: `node ${cls} kind-${node.kind}`, 'data-testid': 'explain-node', 'data-holds': word, 'data-kind': node.kind }, head);
  const notes = el('div', { class: 'node-notes' });
  if (node.source) notes.append(el('span', { class: 'citation', 'data-testid': 'explain-source' }, `${t('source')}: ${node.source}`));
  if (node.assumption) notes.append(el('span', { class: 'assumption', 'data-testid': 'explain-assumption' }, `⚠ ${t('assumption')}: ${node.assumption}`));
  if (node.missing?.length) {
    const facts = missingFacts(node.missing, words.members).map((f) => w.fact(f));
    notes.append(el('span', { class: 'missing', 'data-testid': 'explain-missing', title: node.missing.join(', ') }, `${t('missing')}: ${facts.join(', ')}`));
  }
  if (node.not_in_force?.length) notes.append(el('span', { class: 'missing', 'data-testid': 'explain-not-in-force' }, `not in force on this date: ${node.not_in_force.join(', ')}`));
  if (node.errors?.length) notes.append(el('span', { class: 'error', 'data-testid': 'explain-errors' }, `error: ${node.errors.join('; ')}`));
  if (notes.childElementCount) item.append(notes);
  if (node.children?.length) {
    const list = el('ul', { class: 'tree' });
    for (const child of node.children) list.append(renderNode(child, onLine, words));
    item.append(list);
  }
  return item;
}

function eligibleBadge(eligible: boolean | null): HTMLElement {
  const { cls } = holdsMark(eligible);
  const text = eligible === true ? t('eligible') : eligible === false ? t('not_eligible') : t('undetermined');
  return el('span', { class: `badge ${cls}`, 'data-testid': 'decision-eligible', 'data-eligible': String(eligible) }, text);
}

function listSection(title: string, items: string[], testid: string, cls = ''): HTMLElement | undefined {
  if (!items.length) return undefined;
  const list = el('ul', { class: cls });
  for (const item of items) list.append(el('li', {}, item));
  return el('div', { class: 'decision-section', 'data-testid': testid }, el('h4', {}, title), list);
}

/** `outcomeText`: how an outcome value reads in the interface language (the ruleset's `outcome` translations). */
export function renderDecision(d: Decision, onLine: (line: number) => void, words: TreeWords): HTMLElement {
  const outcomeText = (v: string) => words.w.outcome(v);
  const amount = d.benefit.amount === null ? 'unknown' : formatValue(d.benefit.amount);
  const period = d.benefit.period === 'once' ? 'once' : `per ${d.benefit.period}`;
  const card = el(
    'article',
    { class: 'decision', 'data-testid': 'decision', 'data-subject': d.subject },
    el('header', {}, el('strong', { 'data-testid': 'decision-subject' }, d.subject), eligibleBadge(d.eligible),
      el('span', { class: 'benefit', 'data-testid': 'decision-benefit' }, `${t('benefit')} ${amount} ${d.benefit.currency} ${period}`)),
  );
  const scores = Object.entries(d.scores ?? {});
  if (scores.length) card.append(el('div', { class: 'scores', 'data-testid': 'decision-scores' }, scores.map(([k, v]) => `${k} = ${formatValue(v)}`).join(' · ')));
  if (d.outcome !== null && d.outcome !== undefined) card.append(el('div', { class: 'outcome', 'data-testid': 'decision-outcome' }, `${t('outcome')}: ${outcomeText(d.outcome)}`));
  for (const section of [
    listSection(t('reasons'), d.reasons ?? [], 'decision-reasons'),
    listSection(t('missing'), d.missing ?? [], 'decision-missing', 'missing'),
    listSection(t('not_in_force'), d.not_in_force ?? [], 'decision-not-in-force', 'missing'),
    listSection(t('assumptions'), d.assumptions ?? [], 'decision-assumptions', 'assumption'),
  ]) if (section) card.append(section);
  if (d.explanation) {
    const details = el('details', { open: '', class: 'explanation' }, el('summary', {}, t('explanation')));
    details.append(el('ul', { class: 'tree root', 'data-testid': 'explanation' }, renderNode(d.explanation, onLine, words)));
    card.append(details);
  }
  return card;
}

export function renderResponse(response: EvaluateResponse, onLine: (line: number) => void, words: TreeWords): HTMLElement {
  const box = el('div', { class: 'response', 'data-testid': 'evaluation' });
  if (!response.in_force) box.append(el('p', { class: 'warning', 'data-testid': 'not-in-force' }, t('program_not_in_force', { date: response.date })));
  if (!response.decisions.length) box.append(el('p', { class: 'hint', 'data-testid': 'no-decisions' }, t('no_decisions')));
  for (const d of response.decisions) box.append(renderDecision(d, onLine, words));
  return box;
}
