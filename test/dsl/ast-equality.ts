// ASTs compared as trees: ids and source positions differ between two parses of equivalent text.
export function withoutPositions(ast: unknown): unknown {
  return JSON.parse(JSON.stringify(ast, (key, value) => (key === 'id' || key === 'range' || key.endsWith('Range') ? undefined : value)));
}
