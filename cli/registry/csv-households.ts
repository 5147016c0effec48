// CSV rows (one per member) back into a household record. A column names a household field
// (`monthly_income`, `electricity.kwh_per_month`) or a member field (`member.age`); values are typed by
// household.schema.json, so "12.5" is a number, "true" a boolean, an empty cell absent (unknown).
// A value that does not read as its type is kept as text, and the schema check then reports it with
// its pointer — never a silent 0.
import { householdSchema } from '../../server/validate';

type SchemaNode = { type?: string; enum?: unknown[]; $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode };
type Row = Record<string, string | null>;

const schema = householdSchema as { properties: Record<string, SchemaNode>; $defs: Record<string, SchemaNode> };
const memberSchema = schema.$defs.member!;

export function sameHousehold(first: Row, next: Row): boolean {
  return first.id !== null && first.id === next.id;
}

function typed(text: string, node: SchemaNode | undefined): unknown {
  switch (node?.type) {
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'integer': {
      const n = Number(text);
      return Number.isInteger(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** Sets `path` (dot-separated) in `target`, typing the value by the schema node at that path. */
function place(target: Record<string, unknown>, path: string[], text: string, props: Record<string, SchemaNode> | undefined): void {
  const [head, ...rest] = path;
  const node = props?.[head!];
  if (rest.length === 0) {
    target[head!] = typed(text, node);
    return;
  }
  const inner = (target[head!] ??= {}) as Record<string, unknown>;
  place(inner, rest, text, node?.properties);
}

export function fromCsvRow(rows: Row[]): unknown {
  const household: Record<string, unknown> = {};
  const members: Record<string, unknown>[] = [];
  rows.forEach((row, i) => {
    const member: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (value === null || value === '') continue;
      const path = column.split('.');
      if (path[0] === 'member') place(member, path.slice(1), value, memberSchema.properties);
      else if (i === 0) place(household, path, value, schema.properties);
    }
    if (Object.keys(member).length > 0) members.push(member);
  });
  household.members = members;
  return household;
}
