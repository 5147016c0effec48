// The facts a ruleset says cannot change (`cannot change household.area, members.sex`), as field keys.
// Ages and birth dates are never changed whatever the ruleset says (they move only with time: dates.ts).
import type { CheckedRuleset } from '../../dsl/check/types';
import { fieldKey } from './facts';

const memo = new WeakMap<CheckedRuleset, Set<string>>();

export function fixedFields(checked: CheckedRuleset): Set<string> {
  let s = memo.get(checked);
  if (!s) {
    s = new Set([fieldKey('member', ['birth_date']), fieldKey('member', ['age']), fieldKey('household', ['resident_since'])]);
    for (const f of checked.cannotChange ?? []) s.add(fieldKey(f.owner, f.path));
    memo.set(checked, s);
  }
  return s;
}
