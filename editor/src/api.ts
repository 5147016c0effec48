// The server's HTTP API as the editor uses it. Paths are relative so the page works wherever it is mounted.
import type { Diagnostic } from '../../dsl/diagnostics';

export interface RulesetSummary {
  id: string;
  title?: string;
  version?: string;
}

export interface RulesetDoc {
  id: string;
  title?: string;
  source: string;
  version: string;
  diagnostics?: Diagnostic[];
  etag: string | undefined;
}

export interface VersionEntry {
  version: string;
  message?: string;
  author?: string;
  number?: number;
  created?: string;
  [key: string]: unknown;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, message: string) {
    super(message);
  }
}

const base = new URL('.', document.baseURI);

function url(path: string): string {
  return new URL(path.replace(/^\//, ''), base).toString();
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function request(path: string, init: RequestInit = {}): Promise<{ body: unknown; response: Response }> {
  const response = await fetch(url(path), { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
  const body = await readBody(response);
  if (!response.ok) {
    const detail = body && typeof body === 'object' ? ((body as { detail?: string; title?: string }).detail ?? (body as { title?: string }).title) : undefined;
    throw new HttpError(response.status, body, detail ?? `${response.status} ${response.statusText}`);
  }
  return { body, response };
}

function idPath(id: string): string {
  const [country, program] = id.split('/');
  return `rulesets/${encodeURIComponent(country ?? '')}/${encodeURIComponent(program ?? '')}`;
}

export async function listRulesets(): Promise<RulesetSummary[]> {
  const { body } = await request('rulesets');
  const list = Array.isArray(body) ? body : ((body as { rulesets?: unknown[] })?.rulesets ?? []);
  return (list as (RulesetSummary | string)[]).map((r) => (typeof r === 'string' ? { id: r } : r));
}

export async function getRuleset(id: string): Promise<RulesetDoc> {
  const { body, response } = await request(idPath(id));
  const doc = body as Omit<RulesetDoc, 'etag'>;
  return { ...doc, id: doc.id ?? id, etag: response.headers.get('ETag') ?? undefined };
}

export async function listVersions(id: string): Promise<VersionEntry[]> {
  const { body } = await request(`${idPath(id)}/versions`);
  const list = Array.isArray(body) ? body : ((body as { versions?: unknown[] })?.versions ?? []);
  return list as VersionEntry[];
}

export async function getVersion(id: string, version: string): Promise<{ version: string; source: string }> {
  const { body } = await request(`${idPath(id)}/versions/${encodeURIComponent(version)}`);
  return body as { version: string; source: string };
}

/** The server's three-way merge of base → theirs and base → mine (server/merge.ts). */
export interface MergeResult {
  clean: boolean;
  merged: string;
  conflicts: { line: number; mine: string[]; base: string[]; theirs: string[] }[];
}

/** What a save says about publishing: the gate's verdict, and whether the version is now served. */
export interface SavedBody {
  version: string;
  number: number;
  published?: boolean;
  /** false: saved as a draft with check errors (`diagnostics`), which can never be published until fixed. */
  ok?: boolean;
  publishable?: boolean;
  diagnostics?: Diagnostic[];
  gate?: { ok: boolean };
  gate_summary?: string;
}

export type SaveResult =
  | { kind: 'saved'; version: string; etag: string | undefined; body: SavedBody }
  | { kind: 'conflict'; current: { version: string; source: string }; merge: MergeResult | undefined }
  | { kind: 'refused'; message: string }
  | { kind: 'unauthorized'; message: string };

/** PUT a new version as a draft. `baseEtag` (If-Match) and `base` name the version the text was edited
 *  from: on a conflict the server answers with the three-way merge. The editor never publishes on save:
 *  it shows the gate's result first (publishVersion). */
export async function saveRuleset(
  id: string,
  source: string,
  message: string,
  baseEtag: string | undefined,
  token: string,
  base?: string,
): Promise<SaveResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  if (baseEtag) headers['If-Match'] = baseEtag;
  try {
    const payload = { source, message, publish: false, ...(base ? { base } : {}) };
    const { body, response } = await request(idPath(id), { method: 'PUT', headers, body: JSON.stringify(payload) });
    const version = (body as { version?: string })?.version ?? '';
    return { kind: 'saved', version, etag: response.headers.get('ETag') ?? (version ? `"${version}"` : undefined), body: body as SavedBody };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const b = error.body as Record<string, unknown> | undefined;
    if (error.status === 412) {
      // the problem names the current version (without its text): fetch the text to show both
      const named = (b?.current as { version?: string; source?: string } | null | undefined) ?? (b as { version?: string; source?: string } | undefined);
      const merge = (b?.merge as MergeResult | null | undefined) ?? undefined;
      if (named?.version && typeof named.source === 'string') return { kind: 'conflict', current: { version: named.version, source: named.source }, merge };
      const current = named?.version ? await getVersion(id, named.version) : await getRuleset(id);
      return { kind: 'conflict', current: { version: current.version, source: current.source }, merge };
    }
    // A text with check errors is saved (a draft); 422 is a text that cannot be kept as it is (merge
    // markers left in, a header naming another ruleset) or a malformed request.
    if (error.status === 422) return { kind: 'refused', message: error.message };
    if (error.status === 401 || error.status === 403) return { kind: 'unauthorized', message: error.message };
    throw error;
  }
}

/** An ETag for a version when the server gave none (strong, quoted). */
export function etagFor(version: string): string {
  return `"${version}"`;
}

/** Publish a saved version (publisher role); `reason` publishes past a failing gate. */
export async function publishVersion(id: string, version: string, token: string, reason?: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await request(`${idPath(id)}/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ version, ...(reason ? { reason } : {}) }),
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof HttpError) return { ok: false, message: error.message };
    throw error;
  }
}
