// The diff pane: Monaco's diff editor over the main editor, for history comparisons and save conflicts.
import { LANGUAGE_ID } from '../language';
import { monaco } from '../monaco';
import { el } from '../state';

export interface DiffSide {
  label: string;
  /** A text (shown read-only) or a live model (the working text, editable in place). */
  text?: string;
  model?: monaco.editor.ITextModel;
}

export interface DiffAction {
  label: string;
  testid: string;
  onClick: () => void;
}

export interface DiffPane {
  show(options: { title: string; original: DiffSide; modified: DiffSide; actions?: DiffAction[]; kind?: 'history' | 'conflict' }): void;
  close(): void;
  isOpen(): boolean;
}

/** From this window width on, diffs are always side by side. */
export const SIDE_BY_SIDE_MIN_WINDOW = 1200;

export function createDiffPane(): DiffPane {
  const pane = document.getElementById('diff-pane')!;
  const title = document.getElementById('diff-title')!;
  const actionsBox = document.getElementById('diff-actions')!;
  let diffEditor: monaco.editor.IStandaloneDiffEditor | undefined;
  let owned: monaco.editor.ITextModel[] = [];

  function close() {
    pane.hidden = true;
    pane.removeAttribute('data-kind');
    diffEditor?.setModel(null);
    for (const m of owned) m.dispose();
    owned = [];
  }
  document.getElementById('diff-close')!.addEventListener('click', close);

  function modelFor(side: DiffSide): monaco.editor.ITextModel {
    if (side.model) return side.model;
    const m = monaco.editor.createModel(side.text ?? '', LANGUAGE_ID);
    owned.push(m);
    return m;
  }

  return {
    show({ title: text, original, modified, actions = [], kind = 'history' }) {
      close();
      pane.hidden = false;
      pane.dataset.kind = kind;
      title.replaceChildren(el('strong', {}, text), el('span', { class: 'diff-sides', 'data-testid': 'diff-sides' }, ` — left: ${original.label} · right: ${modified.label}`));
      actionsBox.replaceChildren(
        ...actions.map((a) => {
          const button = el('button', { type: 'button', 'data-testid': a.testid }, a.label);
          button.addEventListener('click', a.onClick);
          return button;
        }),
      );
      diffEditor ??= monaco.editor.createDiffEditor(document.getElementById('diff-editor')!, {
        theme: 'elig-light',
        automaticLayout: true,
        renderSideBySide: true,
        // Monaco falls back to the inline view below 900 px of *pane* width, which a 1280–1440 px window
        // with the side panels gives: at a window of 1200 px or more keep the two sides side by side.
        useInlineViewWhenSpaceIsLimited: window.innerWidth < SIDE_BY_SIDE_MIN_WINDOW,
        renderSideBySideInlineBreakpoint: 600,
        originalEditable: false,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
      });
      diffEditor.updateOptions({ useInlineViewWhenSpaceIsLimited: window.innerWidth < SIDE_BY_SIDE_MIN_WINDOW });
      diffEditor.setModel({ original: modelFor(original), modified: modelFor(modified) });
      diffEditor.getModifiedEditor().updateOptions({ readOnly: !modified.model });
    },
    close,
    isOpen: () => !pane.hidden,
  };
}
