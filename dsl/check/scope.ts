// What a bare name can see besides the declarations: the aggregate binders around it and the subject alias.
export interface Scope {
  binders: ReadonlyMap<string, number>; // binder name → Aggregate id
  alias: string | undefined; // `for each member as <alias>`
}

export const withBinder = (s: Scope, name: string, aggregateId: number): Scope =>
  ({ ...s, binders: new Map(s.binders).set(name, aggregateId) });
