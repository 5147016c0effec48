// What the browser tests share: Debian's Chromium, the editor bundle built when its sources are newer,
// and the real server on port 0 over a temporary database and a copy of the rulesets folder.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(ROOT, 'editor/dist');
export const hasChromium = existsSync(CHROMIUM);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds editor/dist when any source the bundle includes is newer than it. */
export async function ensureEditorBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  const sources = ['editor/index.html', 'editor/vite.config.ts', 'editor/src', 'editor/samples', 'dsl', 'engine', 'loader', 'ops'].map((p) => newestMtime(join(ROOT, p)));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources)) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'editor/vite.config.ts'), logLevel: 'warn' });
}

export interface Running {
  url: string;
  /** The temporary folder: `rulesets/` (the server's folder) and `data/`. */
  tmp: string;
  close(): Promise<void>;
}

/** The server on 127.0.0.1:0 over a copy of rulesets/; `prepare` may change the copy before it starts. */
export async function startEditorServer(name: string, token: string, prepare?: (rulesets: string) => void): Promise<Running> {
  const tmp = mkdtempSync(join(tmpdir(), `elig-${name}-`));
  const rulesets = join(tmp, 'rulesets');
  cpSync(join(ROOT, 'rulesets'), rulesets, { recursive: true });
  prepare?.(rulesets);
  const [{ configFromEnv }, { startServer }, engine, { silentLogger }] = await Promise.all([
    import('../../server/config'), import('../../server/server'), import('../../engine'), import('../../server/log'),
  ]);
  const config = configFromEnv({
    PORT: '0', HOST: '127.0.0.1', ELIG_DATA_DIR: join(tmp, 'data'), ELIG_RULESETS_DIR: rulesets,
    ELIG_TOKEN: token, ELIG_LOG_LEVEL: 'silent', ELIG_EDITOR_DIST: DIST, ELIG_SHUTDOWN_TIMEOUT_MS: '2000',
  });
  const running = await startServer(config, engine as never, silentLogger);
  return {
    url: running.url,
    tmp,
    close: async () => {
      await running.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium and one page; nothing may be fetched from anywhere but our server. */
export async function openBrowser(pageErrors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.setDefaultTimeout(30_000); // generous: CI is a busy 2-core machine (a 10 s goto timed out under load)
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
    pageErrors.push(`external request: ${route.request().url()}`);
    return route.abort();
  });
  return { browser, page };
}
