// Saving a new version: a message, the editor token (asked once, kept in localStorage), If-Match and
// `base` on the version the text was edited from. A conflict (412) shows the server's three-way merge
// over theirs; nothing is saved until the merged text is confirmed. A save is a draft: the gate's result
// is shown, then a publisher publishes it (with a reason when the gate fails).
import { etagFor, publishVersion, saveRuleset, type MergeResult, type SavedBody } from '../api';
import type { monaco } from '../monaco';
import { emit, state } from '../state';
import { drafts, token } from '../storage';
import type { DiffPane } from './diff';
import { shortVersion } from './history';

export interface SaveDeps {
  model: () => monaco.editor.ITextModel | undefined;
  diff: DiffPane;
  notice: (text: string, kind?: 'info' | 'warning' | 'error', actions?: { label: string; testid: string; onClick: () => void }[]) => void;
  /** The server now holds `version` with `source` (after a save, or when the user accepts theirs). */
  setBase: (base: { version: string; etag: string | undefined; source: string }) => void;
}

/** The lines git's merge markers start with: a text holding one still has an unresolved conflict. */
const CONFLICT_MARKER = /^(<<<<<<< |\|\|\|\|\|\|\| |=======$|>>>>>>> )/m;

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

  /**
   * Someone saved while I was editing. The server merged base → theirs and base → mine: the right side
   * shows that merge, editable, over theirs on the left, so their changes are kept (not shown as
   * deletions) and mine show as additions. Overlapping changes are conflict regions between markers that
   * must be resolved by hand; nothing is saved until the merged text is confirmed. My own text stays in
   * the browser's drafts, so "Back to my text" can restore it.
   */
  function showConflict(mine: monaco.editor.ITextModel, theirs: { version: string; source: string }, merge: MergeResult | undefined, retryMessage: string) {
    const theirsEtag = etagFor(theirs.version);
    const loaded = state.loaded!;
    const myText = mine.getValue();
    drafts.set(loaded.id, { source: myText, baseVersion: loaded.baseVersion, baseEtag: loaded.baseEtag, savedAt: new Date().toISOString() });
    const merged = merge?.merged ?? myText;
    mine.setValue(merged);
    const what = !merge
      ? 'Compare their version (left) with yours (right), edit the right side to keep both, then save.'
      : merge.clean
        ? 'Your changes and theirs do not overlap: the right side holds both. Check it, then save the merged version.'
        : `Your changes and theirs overlap in ${merge.conflicts.length} place(s), marked <<<<<<< mine … ======= … >>>>>>> theirs on the right: keep what is right in each, remove the markers, then save.`;
    deps.notice(`Someone saved version ${shortVersion(theirs.version)} while you were editing. ${what}`, 'warning');
    deps.diff.show({
      kind: 'conflict',
      title: merge && !merge.clean ? `Save conflict: ${merge.conflicts.length} to resolve` : 'Save conflict: merged',
      original: { label: `theirs (version ${shortVersion(theirs.version)}, saved)`, text: theirs.source },
      modified: { label: merge ? 'merged: theirs + mine (editable)' : 'mine (unsaved, editable)', model: mine },
      actions: [
        {
          label: 'Save merged version…',
          testid: 'conflict-save-merged',
          onClick: () => {
            if (CONFLICT_MARKER.test(mine.getValue())) {
              deps.notice('The merged text still has conflict markers (<<<<<<<, =======, >>>>>>>): resolve each region first.', 'error');
              return;
            }
            // the merged text is edited "from" theirs: saving it keeps their change and mine
            loaded.baseVersion = theirs.version;
            loaded.baseEtag = theirsEtag;
            loaded.baseSource = theirs.source;
            deps.diff.close();
            open(retryMessage);
          },
        },
        {
          label: 'Back to my text',
          testid: 'conflict-mine-again',
          onClick: () => mine.setValue(myText),
        },
        {
          label: 'Take theirs (drop mine)',
          testid: 'conflict-take-theirs',
          onClick: () => {
            deps.diff.close();
            deps.setBase({ version: theirs.version, etag: theirsEtag, source: theirs.source });
            mine.setValue(theirs.source);
            deps.notice(`Your text was replaced by version ${shortVersion(theirs.version)}; it is still in this browser's drafts.`);
          },
        },
      ],
    });
  }

  /** After a save: the version is a draft; show the gate's result, then let a publisher publish it. A
   *  draft with check errors is kept but can never be published: no action is offered. */
  function offerPublish(id: string, saved: SavedBody) {
    const short = shortVersion(saved.version);
    if (saved.ok === false || saved.publishable === false) {
      const errors = (saved.diagnostics ?? []).filter((d) => d.severity === 'error');
      const first = errors[0];
      deps.notice(
        `Saved version ${short} as a draft: ${errors.length} error${errors.length === 1 ? '' : 's'} — cannot publish until ${errors.length === 1 ? 'it is' : 'they are'} fixed.` +
        (first ? ` First: line ${first.range.start.line}, column ${first.range.start.column}: ${first.message}` : '') +
        ' /evaluate keeps serving the published version.',
        'warning',
      );
      return;
    }
    const gateOk = saved.gate?.ok ?? false;
    const summary = saved.gate_summary ?? (gateOk ? 'the gate passes' : 'the gate does not pass');
    const publish = async (reason?: string) => {
      const bearer = token.get();
      if (!bearer) return;
      const result = await publishVersion(id, saved.version, bearer, reason);
      if (result.ok) {
        deps.notice(`Published version ${short}: /evaluate now serves it.`);
        emit('saved', { id, version: saved.version });
      } else deps.notice(`Version ${short} was not published: ${result.message}`, 'error');
    };
    if (saved.published) {
      deps.notice(`Saved and published version ${short} (${summary}).`);
      return;
    }
    deps.notice(
      `Saved version ${short} as a draft. Gate: ${summary}.`,
      gateOk ? 'info' : 'warning',
      gateOk
        ? [{ label: 'Publish', testid: 'publish-version', onClick: () => void publish() }]
        : [{
          label: 'Publish anyway…',
          testid: 'publish-override',
          onClick: () => {
            const reason = window.prompt(`The gate fails (${summary}). Why publish version ${short} anyway? The reason is kept in the publication log.`)?.trim();
            if (reason) void publish(reason);
          },
        }],
    );
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
      const result = await saveRuleset(loaded.id, source, text, loaded.baseEtag ?? (loaded.baseVersion ? etagFor(loaded.baseVersion) : undefined), bearer, loaded.baseVersion);
      switch (result.kind) {
        case 'saved':
          dialog.close();
          message.value = '';
          deps.setBase({ version: result.version, etag: result.etag, source });
          drafts.clear(loaded.id);
          emit('saved', { id: loaded.id, version: result.version });
          offerPublish(loaded.id, result.body);
          break;
        case 'conflict':
          dialog.close();
          showConflict(model, result.current, result.merge, text);
          break;
        case 'refused':
          error.textContent = `Not saved: ${result.message}`;
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
