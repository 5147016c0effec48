// A ruleset's declared id and title, read by the parser (for texts that may not check: /check without an
// id, saves, the folder reader) instead of a pattern over the text.
import { parse } from '../dsl/parse';

export function readHeader(source: string): { id: string | undefined; title: string | null } {
  const program = parse(source).ast?.program;
  const id = program?.programId?.programId;
  return { id: id || undefined, title: program?.title ? program.title : null };
}
