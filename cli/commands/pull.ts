// `elig pull [--data DIR] [--drafts] [ids…]`: bring versions saved through the API (the embedded database)
// back into the git-reviewed rulesets folder, one atomic file write each, ready for `git diff` and review.
// By default the published versions (the ones that passed the publishing gate, or were published with a
// reason); `--drafts` takes the latest saved versions instead. Each line names the version's author.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportToFolder } from '../../server/export';
import { Store } from '../../server/store';
import { quarantineInvalidRulesetIds } from '../../server/store-repair';
import { rulesetsDir } from '../ruleset-files';
import { say } from '../terminal';

export function runPull(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' }, drafts: { type: 'boolean' } } });
  const dataDir = resolve(values.data ?? process.env.ELIG_DATA_DIR ?? 'data');
  if (!existsSync(join(dataDir, 'elig.sqlite'))) throw new Error(`no ruleset database in ${dataDir} (start the server once, or pass --data)`);
  const store = new Store(dataDir);
  try {
    quarantineInvalidRulesetIds(store);
    store.upgrade();
    const written = exportToFolder(store, rulesetsDir(), { ...(positionals.length > 0 ? { ids: positionals } : {}), drafts: values.drafts ?? false });
    for (const f of written) {
      const which = `version ${f.number}${f.published ? '' : ', a draft'} by ${f.author}`;
      const what = f.refused ? `not written: ${f.refused}` : f.changed ? `written (${f.version.slice(0, 19)}…, ${which})` : `already current (${which})`;
      say(`${relative(process.cwd(), f.path)}: ${what}`);
    }
    say(`${written.filter((f) => f.changed).length} file(s) written; review them with \`git diff rulesets\``);
    return written.some((f) => f.refused) ? 1 : 0;
  } finally {
    store.db.close();
  }
}
