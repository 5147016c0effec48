// What survives a reload: unsaved text per ruleset, the editor token, the last ruleset and household.
export interface Draft {
  source: string;
  /** The version the text was edited from: a save sends it as If-Match, so a stale draft conflicts. */
  baseVersion: string | undefined;
  baseEtag: string | undefined;
  savedAt: string; // ISO timestamp of the last keystroke stored
}

const PREFIX = 'elig.';

function read<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the editor still works, only without reload safety
  }
}

export const drafts = {
  get: (rulesetId: string) => read<Draft>(`draft.${rulesetId}`),
  set: (rulesetId: string, draft: Draft) => write(`draft.${rulesetId}`, draft),
  clear: (rulesetId: string) => write(`draft.${rulesetId}`, undefined),
};

export const token = {
  get: () => read<string>('token'),
  set: (value: string | undefined) => write('token', value || undefined),
};

export const prefs = {
  lastRuleset: () => read<string>('lastRuleset'),
  language: () => read<string>('language'),
  setLanguage: (lang: string) => write('language', lang),
  setLastRuleset: (id: string) => write('lastRuleset', id),
  household: (rulesetId: string) => read<{ text: string; date: string; sample: string }>(`household.${rulesetId}`),
  setHousehold: (rulesetId: string, value: { text: string; date: string; sample: string }) => write(`household.${rulesetId}`, value),
};
