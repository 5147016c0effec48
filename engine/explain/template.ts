// A reason part written once as a template whose holes are the numbers it shows. An income said to the
// cent, a bill, a share rarely repeats across a batch, so the reason memo (memo.ts) cannot remember a text
// that shows one; it remembers the part's template instead and fills the hole with the next subject's
// figure. Exact by construction:
// - the builder reads such a number through `NodeValues.shown`, and uses it for nothing but the quantity
//   it puts in a reason (the `seen` of a comparison or a range), whose text is all that depends on it
//   besides whether it is known — which the memo keys on;
// - the renderer writes a hole in place of that quantity's text and keeps the function that wrote it
//   (the quantity's unit and currency are the node's, the same for every subject);
// - anything that could make the words around a hole depend on what fills it (a Spanish list says "7 u 8"
//   but "7 o 9") makes the session unsound, and the part is written the usual way.
// test/engine/reason-memo.test.ts holds the filled texts to the written ones.
import type { Quantity } from './types';

/** Private-use characters around a hole's index: a written text holds them only where a hole is (data
 *  that holds them makes the template refused, below). */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/;

interface Hole {
  /** The node whose value fills it. */
  id: number;
  /** The renderer's writing of the quantity, for any value. */
  format: (value: number) => string;
}

/** One part's texts: literal pieces around holes (`pieces.length === holes.length + 1` per text). */
export interface Template {
  texts: readonly { pieces: readonly string[]; holes: readonly Hole[] }[];
  /** The node of its one hole (or undefined: several), and the texts filled per value of it: most
   *  figures a part shows repeat (ages, a batch sent twice), and filling costs formatting the figure. */
  one: number | undefined;
  filled: Map<number, readonly string[]> | undefined;
  tries: number;
  found: number;
}

/** The writing of one part as a template: filled in by the builder (what is shown) and the renderer
 *  (the holes), then made into a Template or refused. */
export class TemplateSession {
  private readonly shown = new Map<Quantity, number>();
  private readonly holes: Hole[] = [];
  /** Something made the words depend on a hole's filling (only ever with holes written): write the part
   *  the usual way. */
  unsound = false;

  /** The builder: `q` shows node `id`'s value. */
  showing(q: Quantity, id: number): void {
    this.shown.set(q, id);
  }

  /** The renderer: a hole for a quantity the builder said is shown, undefined for any other. */
  hole(q: Quantity, format: (value: number) => string): string | undefined {
    const id = this.shown.get(q);
    if (id === undefined || typeof q.value !== 'number') return undefined;
    this.holes.push({ id, format });
    return `${OPEN}${this.nonce}.${this.holes.length - 1}${CLOSE}`;
  }
  /** Drawn per session, so that data holding the marks cannot pass for a hole (it is also refused). */
  private readonly nonce = Math.floor(Math.random() * 2 ** 32).toString(36);

  /** The texts written in this session as a template; undefined when the session is unsound, when a
   *  hole is not in the texts exactly once (a message that drops or repeats an argument), or when a text
   *  holds marks that are not holes (data with private-use characters). No holes: undefined too — the
   *  texts are plain and kept as they are. */
  template(written: readonly string[]): Template | undefined {
    if (this.unsound || this.holes.length === 0) return undefined;
    const texts: { pieces: string[]; holes: Hole[] }[] = [];
    const used = new Set<number>();
    const prefix = `${OPEN}${this.nonce}.`;
    for (const text of written) {
      const pieces: string[] = [];
      const holes: Hole[] = [];
      let at = 0;
      for (let open = text.indexOf(prefix); open >= 0; open = text.indexOf(prefix, at)) {
        const close = text.indexOf(CLOSE, open);
        const digits = close < 0 ? '' : text.slice(open + prefix.length, close);
        const index = /^\d+$/.test(digits) ? Number(digits) : -1;
        const hole = this.holes[index];
        if (hole === undefined || used.has(index)) return undefined;
        used.add(index);
        pieces.push(text.slice(at, open));
        holes.push(hole);
        at = close + 1;
      }
      pieces.push(text.slice(at));
      if (pieces.some((p) => MARKS.test(p))) return undefined;
      texts.push({ pieces, holes });
    }
    if (used.size !== this.holes.length) return undefined;
    const ids = new Set(this.holes.map((h) => h.id));
    return { texts, one: ids.size === 1 ? this.holes[0]!.id : undefined, filled: ids.size === 1 ? new Map() : undefined, tries: 0, found: 0 };
  }

  /** Whether the texts hold holes (the session wrote any). */
  get wroteHoles(): boolean {
    return this.holes.length > 0;
  }
}

/** Filled texts kept per template before it starts again; and the tries after which a template whose
 *  figure rarely repeats (an income to the cent) stops keeping them. */
const FILLED = 256;
const TRIAL = 256;

/** A template's texts for a subject: each hole written from the value it shows. Not to be changed by the
 *  caller (a figure seen before gets the texts kept for it). `kept.texts` counts the texts kept, for the
 *  memo's cap. */
export function fill(template: Template, values: { shown(id: number): unknown }, kept: { texts: number }): readonly string[] {
  const filled = template.filled;
  if (filled === undefined) return write(template, values);
  const v = values.shown(template.one!) as number;
  if (v === 0 && 1 / v < 0) return write(template, values); // a Map does not tell -0 from 0
  template.tries++;
  let texts = filled.get(v);
  if (texts !== undefined) {
    template.found++;
    return texts;
  }
  texts = write(template, values);
  if (template.tries >= TRIAL && template.found * 4 < template.tries) template.filled = undefined;
  else {
    if (filled.size >= FILLED) filled.clear();
    filled.set(v, texts);
    kept.texts++;
  }
  return texts;
}

function write(template: Template, values: { shown(id: number): unknown }): string[] {
  const out: string[] = new Array(template.texts.length);
  for (let t = 0; t < template.texts.length; t++) {
    const { pieces, holes } = template.texts[t]!;
    let text = pieces[0]!;
    for (let i = 0; i < holes.length; i++) {
      const h = holes[i]!;
      text += h.format(values.shown(h.id) as number) + pieces[i + 1]!;
    }
    out[t] = text;
  }
  return out;
}

/** Whether a text starts with a hole (a list's joining word may depend on what it starts with). */
export function startsWithHole(text: string): boolean {
  return text.charCodeAt(0) === 0xe000;
}
