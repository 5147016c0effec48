// What a bare name can see besides the declarations: the aggregate binders around it and the subject alias.
import type { Expr } from '../ast';
export interface Scope {
  binders: ReadonlyMap<string, number>; // binder name → Aggregate id
  alias: string | undefined; // `for each member as <alias>`
  /** Enum values ruled out on this path by an enclosing `if x is v then … else …`, by field path text. */
  excluded?: ReadonlyMap<string, readonly string[]>;
}

/** `head.schooling`, `m.enrollment.level`: the text of a field path, the key narrowing works on. */
export function pathKey(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind === 'NameRef') return e.name;
  if (e.kind === 'FieldAccess') {
    const object = pathKey(e.object);
    return object === undefined ? undefined : `${object}.${e.field?.text}`;
  }
  return undefined;
}

/** The scope with `value` ruled out for the field path `key`. */
export function excluding(s: Scope, key: string, value: string): Scope {
  const excluded = new Map(s.excluded ?? []);
  excluded.set(key, [...(excluded.get(key) ?? []), value]);
  return { ...s, excluded };
}

export const withBinder = (s: Scope, name: string, aggregateId: number): Scope =>
  ({ ...s, binders: new Map(s.binders).set(name, aggregateId) });
