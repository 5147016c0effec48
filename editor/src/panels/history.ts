// History: the saved versions of the ruleset; compare any two, or one with the working text.
import { getVersion, listVersions, type VersionEntry } from '../api';
import { monaco } from '../monaco';
import { el, on, state } from '../state';
import type { DiffPane } from './diff';

export function shortVersion(version: string | undefined): string {
  if (!version) return '—';
  const hex = version.replace(/^sha256:/, '');
  return hex.length > 12 ? hex.slice(0, 10) : hex;
}

function when(entry: VersionEntry): string {
  const raw = entry.created;
  if (!raw) return '';
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? String(raw) : date.toLocaleString();
}

export function createHistory(options: { diff: DiffPane; model: () => monaco.editor.ITextModel | undefined; restore: (source: string, version: string) => void; status: (text: string) => void }) {
  const list = document.getElementById('history')!;
  const compare = document.getElementById('history-diff') as HTMLButtonElement;
  let entries: VersionEntry[] = [];
  const selected = new Set<string>();

  function updateCompare() {
    compare.disabled = selected.size < 1 || selected.size > 2;
    compare.textContent = selected.size === 1 ? 'Compare with my text' : 'Compare selected';
  }

  function render() {
    list.replaceChildren(
      ...entries.map((entry, index) => {
        const box = el('input', { type: 'checkbox', 'data-testid': 'history-select', 'aria-label': `select ${entry.version}` }) as HTMLInputElement;
        box.checked = selected.has(entry.version);
        box.addEventListener('change', () => {
          if (box.checked) selected.add(entry.version);
          else selected.delete(entry.version);
          updateCompare();
        });
        const view = el('button', { type: 'button', 'data-testid': 'history-view', title: 'Compare this version with my text' }, 'diff');
        view.addEventListener('click', () => void compareWithWorking(entry.version));
        const restore = el('button', { type: 'button', 'data-testid': 'history-restore', title: 'Put this version in the editor (as unsaved changes)' }, 'restore');
        restore.addEventListener('click', async () => {
          const v = await getVersion(state.loaded!.id, entry.version);
          options.restore(v.source, entry.version);
        });
        const current = entry.version === state.loaded?.baseVersion;
        return el('li', { class: current ? 'current' : '', 'data-testid': 'history-entry', 'data-version': entry.version },
          box,
          el('code', { title: entry.version }, entry.number !== undefined ? `#${entry.number}` : shortVersion(entry.version)),
          current ? el('span', { class: 'tag' }, 'current') : undefined,
          entry.published === true ? el('span', { class: 'tag published', 'data-testid': 'history-published' }, 'published') : undefined,
          typeof entry.errors === 'number' && entry.errors > 0
            ? el('span', { class: 'tag errors', 'data-testid': 'history-errors', title: 'saved as a draft with check errors: it cannot be published' }, `draft: ${entry.errors} error${entry.errors === 1 ? '' : 's'}`)
            : undefined,
          el('span', { class: 'message', 'data-testid': 'history-message' }, String(entry.message ?? '')),
          el('span', { class: 'when' }, [when(entry), entry.author ? `by ${String(entry.author)}` : ''].filter(Boolean).join(' ')),
          el('span', { class: 'actions' }, view, index === 0 && current ? undefined : restore));
      }),
    );
    if (!entries.length) list.append(el('li', { class: 'hint' }, 'No saved versions yet.'));
    updateCompare();
  }

  async function refresh() {
    const id = state.loaded?.id;
    if (!id) return;
    try {
      entries = await listVersions(id);
      // newest first, whatever order the server uses
      entries.sort((a, b) => (b.number ?? 0) - (a.number ?? 0) || String(b.created ?? '').localeCompare(String(a.created ?? '')));
      for (const v of [...selected]) if (!entries.some((e) => e.version === v)) selected.delete(v);
      render();
    } catch (error) {
      list.replaceChildren(el('li', { class: 'error' }, `Could not load the history: ${String(error)}`));
    }
  }

  async function compareWithWorking(version: string) {
    const model = options.model();
    if (!model) return;
    const v = await getVersion(state.loaded!.id, version);
    options.diff.show({ title: `Version ${shortVersion(version)} vs your text`, original: { label: `version ${shortVersion(version)}`, text: v.source }, modified: { label: 'your text (editable)', model } });
  }

  compare.addEventListener('click', async () => {
    const chosen = entries.filter((e) => selected.has(e.version)).map((e) => e.version);
    if (chosen.length === 1) return compareWithWorking(chosen[0]!);
    if (chosen.length !== 2) return;
    const [newer, older] = chosen as [string, string]; // entries are newest first
    const id = state.loaded!.id;
    const [a, b] = await Promise.all([getVersion(id, older), getVersion(id, newer)]);
    options.diff.show({ title: `Version ${shortVersion(older)} → ${shortVersion(newer)}`, original: { label: `version ${shortVersion(older)}`, text: a.source }, modified: { label: `version ${shortVersion(newer)}`, text: b.source } });
  });
  document.getElementById('history-refresh')!.addEventListener('click', () => void refresh());
  on('loaded', () => {
    selected.clear();
    void refresh();
  });
  on('saved', () => void refresh());
  return { refresh };
}
