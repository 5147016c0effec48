// Saving a new version: a message, the editor token (asked once, kept in localStorage), If-Match on the
// version the text was edited from. A conflict (412) shows theirs vs mine and keeps the working text.
import { etagFor, saveRuleset } from '../api';
import type { monaco } from '../monaco';
import { emit, state } from '../state';
import { drafts, token } from '../storage';
import type { DiffPane } from './diff';
import { shortVersion } from './history';

export interface SaveDeps {
  model: () => monaco.editor.ITextModel | undefined;
  diff: DiffPane;
  notice: (text: string, kind?: 'info' | 'warning' | 'error') => void;
  /** The server now holds `version` with `source` (after a save, or when the user accepts theirs). */
  setBase: (base: { version: string; etag: string | undefined; source: string }) => void;
}

export function createSave(deps: SaveDeps): { open(): void } {
  const dialog = document.getElementById('save-dialog') as HTMLDialogElement;
  const form = document.getElementById('save-form') as HTMLFormElement;
  const message = document.getElementById('save-message') as HTMLInputElement;
  const tokenInput = document.getElementById('save-token') as HTMLInputElement;
  const tokenRow = document.getElementById('token-row')!;
  const error = document.getElementById('save-error')!;
  const confirm = document.getElementById('save-confirm') as HTMLButtonElement;

  function open(prefill?: string) {
    error.textContent = '';
    if (prefill !== undefined) message.value = prefill;
    tokenRow.hidden = Boolean(token.get());
    tokenInput.value = '';
    if (!dialog.open) dialog.showModal();
    message.focus();
  }

  function showConflict(mine: monaco.editor.ITextModel, theirs: { version: string; source: string }, retryMessage: string) {
    const theirsEtag = etagFor(theirs.version);
    deps.notice(`Someone saved version ${shortVersion(theirs.version)} while you were editing. Your text is kept: compare and choose.`, 'warning');
    deps.diff.show({
      kind: 'conflict',
      title: 'Save conflict',
      original: { label: `theirs (version ${shortVersion(theirs.version)}, saved)`, text: theirs.source },
      modified: { label: 'mine (unsaved, editable)', model: mine },
      actions: [
        {
          label: 'Save mine over theirs…',
          testid: 'conflict-keep-mine',
          onClick: () => {
            // my text is now edited "from" theirs: the next save replaces it knowingly
            const loaded = state.loaded!;
            loaded.baseVersion = theirs.version;
            loaded.baseEtag = theirsEtag;
            loaded.baseSource = theirs.source;
            drafts.set(loaded.id, { source: mine.getValue(), baseVersion: theirs.version, baseEtag: theirsEtag, savedAt: new Date().toISOString() });
            deps.diff.close();
            open(retryMessage);
          },
        },
        {
          label: 'Take theirs (drop mine)',
          testid: 'conflict-take-theirs',
          onClick: () => {
            deps.diff.close();
            deps.setBase({ version: theirs.version, etag: theirsEtag, source: theirs.source });
            mine.setValue(theirs.source);
            deps.notice(`Your text was replaced by version ${shortVersion(theirs.version)}.`);
          },
        },
      ],
    });
  }

  async function submit() {
    const loaded = state.loaded;
    const model = deps.model();
    if (!loaded || !model) return;
    const text = message.value.trim();
    if (!text) {
      error.textContent = 'Say what changed and why.';
      return;
    }
    if (tokenInput.value.trim()) token.set(tokenInput.value.trim());
    const bearer = token.get();
    if (!bearer) {
      tokenRow.hidden = false;
      error.textContent = 'Enter your editor token.';
      return;
    }
    confirm.disabled = true;
    error.textContent = '';
    const source = model.getValue();
    try {
      const result = await saveRuleset(loaded.id, source, text, loaded.baseEtag ?? (loaded.baseVersion ? etagFor(loaded.baseVersion) : undefined), bearer);
      switch (result.kind) {
        case 'saved':
          dialog.close();
          message.value = '';
          deps.setBase({ version: result.version, etag: result.etag, source });
          drafts.clear(loaded.id);
          deps.notice(`Saved version ${shortVersion(result.version)}.`);
          emit('saved', { id: loaded.id, version: result.version });
          break;
        case 'conflict':
          dialog.close();
          showConflict(model, result.current, text);
          break;
        case 'invalid':
          error.textContent = `The server refused the ruleset: ${result.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.range.start.line}: ${d.message}`).join('; ') || 'it has errors'}`;
          break;
        case 'unauthorized':
          token.set(undefined);
          tokenRow.hidden = false;
          error.textContent = `The token was refused (${result.message}). Enter it again.`;
          break;
      }
    } catch (e) {
      error.textContent = `Could not save: ${String(e instanceof Error ? e.message : e)}`;
    } finally {
      confirm.disabled = false;
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });
  document.getElementById('save-cancel')!.addEventListener('click', () => dialog.close());
  return { open: () => open() };
}
