// An example's JSON, as written in the ruleset, turned into a plain value.
import type { JsonValue } from '../../dsl/ast';

export function jsonToValue(v: JsonValue): unknown {
  switch (v.kind) {
    case 'JsonObject': return Object.fromEntries(v.entries.map((e) => [e.key, jsonToValue(e.value)]));
    case 'JsonArray': return v.items.map(jsonToValue);
    case 'JsonString': return v.value;
    case 'JsonNumber': return Number(v.text);
    case 'JsonBool': return v.value;
    case 'JsonNull': return null;
  }
}
