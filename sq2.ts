import { folderRegistry } from './cli/load';
import { rulesetSql } from './engine/sql';
const reg = folderRegistry('rulesets');
const out = rulesetSql(reg.get(process.argv[2])!, process.argv[3], 'duckdb');
console.log(out.diagnostics, out.query?.sql.length);
if (process.argv[4]) console.log(out.query?.sql);
