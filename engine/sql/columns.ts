// The flat columns of the relational layout (layout.ts), derived from household.schema.json: every
// stored scalar field, nested objects by dotted path; arrays (members, programs) are their own tables.
import schema from '../../dsl/schema/household.schema.json';

interface Node {
  type?: string;
  properties?: Record<string, Node>;
  $ref?: string;
}

export interface FlatColumn {
  path: string[];
}

function flatten(props: Record<string, Node>, prefix: string[] = []): FlatColumn[] {
  return Object.entries(props).flatMap(([name, node]) => {
    if (node.type === 'array') return [];
    if (node.type === 'object' && node.properties) return flatten(node.properties, [...prefix, name]);
    return [{ path: [...prefix, name] }];
  });
}

export function householdColumns(): FlatColumn[] {
  return flatten((schema as { properties: Record<string, Node> }).properties);
}

export function memberColumns(): FlatColumn[] {
  return flatten((schema as unknown as { $defs: { member: { properties: Record<string, Node> } } }).$defs.member.properties);
}
