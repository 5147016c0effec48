// The household schema's bounds of a numeric field and the search step it implies: whole numbers for
// `integer` fields, hundredths otherwise (centavos for money, a hundredth of a rate).
import schema from '../../dsl/schema/household.schema.json';

interface Node {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Node>;
}

const root = schema as unknown as Node & { $defs: { member: Node } };

export interface NumericBounds {
  min: number;
  max: number;
  resolution: number;
}

export function numericBounds(owner: 'household' | 'member', path: readonly string[]): NumericBounds {
  let node: Node | undefined = owner === 'household' ? root : root.$defs.member;
  for (const p of path) node = node?.properties?.[p];
  const integer = node?.type === 'integer';
  return {
    min: node?.minimum ?? -1_000_000_000,
    max: node?.maximum ?? 1_000_000_000,
    resolution: integer ? 1 : 0.01,
  };
}
