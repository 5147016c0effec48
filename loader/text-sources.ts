// Sources that hold one text per id and no history: the rulesets folder (the CLI), a map of texts (tests),
// the copies the editor fetched. A text's version is the hash of its content; there are no numbers (a pin
// by number names nothing here: numbers belong to the server's history) and no pins.
import { sha256Hex } from '../engine/sha256';
import type { RulesetSources, StoredText } from './loader';
import type { VersionEntry } from './pins';

export function storedText(id: string, source: string): StoredText {
  return { ruleset: id, version: `sha256:${sha256Hex(source)}`, number: 0, source };
}

export class TextSources implements RulesetSources<StoredText> {
  private readonly texts = new Map<string, StoredText | null>();
  private changes = 0;

  /** `read` answers a ruleset's text by id, or undefined when there is none; each id is read once
   *  until forget(). */
  constructor(private readonly read: (id: string) => string | undefined) {}

  current(id: string): StoredText | undefined {
    if (!this.texts.has(id)) {
      const source = this.read(id);
      this.texts.set(id, source === undefined ? null : storedText(id, source));
    }
    return this.texts.get(id) ?? undefined;
  }

  version(id: string, hash: string): StoredText | undefined {
    const text = this.current(id);
    return text?.version === hash ? text : undefined;
  }

  versions(id: string): readonly VersionEntry[] {
    const text = this.current(id);
    return text ? [text] : [];
  }

  pins(): ReadonlyMap<string, string> {
    return new Map();
  }

  generation(): string {
    return String(this.changes);
  }

  /** Read `id` (or every id) again on next use. */
  forget(id?: string): void {
    if (id === undefined) this.texts.clear();
    else this.texts.delete(id);
    this.changes++;
  }
}
