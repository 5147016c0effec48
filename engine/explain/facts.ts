// A missing fact as a person names it: the member it is about and the field's path, from its JSON
// pointer and the household's members (the pointer itself stays in the data).
import { sortPointers } from '../unknown';
import type { MissingFact } from './types';

export function missingFacts(pointers: Iterable<string>, members: readonly Record<string, unknown>[]): MissingFact[] {
  return sortPointers(pointers).map((pointer) => {
    const parts = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts[0] === 'members' && /^\d+$/.test(parts[1] ?? '')) {
      const index = Number(parts[1]);
      const m = members[index];
      const member: MissingFact['member'] = { index, id: m && m.id !== undefined ? String(m.id) : String(index) };
      if (m && typeof m.name === 'string') member.name = m.name;
      return { pointer, member, field: parts.slice(2) };
    }
    return { pointer, field: parts };
  });
}
