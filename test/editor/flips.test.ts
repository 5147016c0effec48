// Try-it's "What would change it?" in a real Chromium against the real server: a refused family's nearest
// flips are listed; clicking one loads the changed household into Try-it, where it is eligible.
// Skipped (with a message) only when /usr/bin/chromium is absent.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'editor/dist');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[editor flips test] SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const FAMILY = JSON.parse(readFileSync(join(ROOT, '../shared/examples/br-family-federal-district.json'), 'utf8'));

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

async function ensureEditorBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  const sources = ['editor/index.html', 'editor/vite.config.ts', 'editor/src', 'editor/samples', 'dsl', 'engine'].map((p) => newestMtime(join(ROOT, p)));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources)) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'editor/vite.config.ts'), logLevel: 'warn' });
}

describe.skipIf(!hasChromium)('Try-it: what would change it (Chromium, real server)', () => {
  let browser: Browser;
  let page: Page;
  let tmp: string;
  let close: (() => Promise<void>) | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureEditorBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'elig-flips-test-'));
    cpSync(join(ROOT, 'rulesets'), join(tmp, 'rulesets'), { recursive: true });
    const [{ configFromEnv }, { startServer }, engine, { silentLogger }] = await Promise.all([
      import('../../server/config'), import('../../server/server'), import('../../engine'), import('../../server/log'),
    ]);
    const config = configFromEnv({
      PORT: '0', HOST: '127.0.0.1', ELIG_DATA_DIR: join(tmp, 'data'), ELIG_RULESETS_DIR: join(tmp, 'rulesets'),
      ELIG_TOKEN: 'flips-test-token', ELIG_LOG_LEVEL: 'silent', ELIG_EDITOR_DIST: DIST, ELIG_SHUTDOWN_TIMEOUT_MS: '2000',
    });
    const running = await startServer(config, engine as never, silentLogger);
    close = () => running.close();
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(running.url + '/#br/bolsa-escola-df');
    await page.waitForFunction(() => (window as any).__elig?.ready === true, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lists a refused family\'s flips; clicking one loads the changed household, which is eligible', async () => {
    await page.getByTestId('tab-tryit').click();
    await page.getByTestId('eval-date').fill('2001-06-01');
    await page.getByTestId('eval-date').dispatchEvent('change');
    const refused = { ...FAMILY, monthly_income: 400 };
    await page.evaluate((text) => {
      const m = (window as any).__elig.monaco.editor.getModels().find((x: any) => x.uri.toString().includes('household'));
      m.setValue(text);
    }, JSON.stringify(refused, null, 2));
    const decision = page.locator('[data-testid="decision"][data-subject="household"]');
    await expect.poll(() => decision.getByTestId('decision-eligible').getAttribute('data-eligible'), { timeout: 30_000 }).toBe('false');

    await page.getByTestId('flips-run').click();
    const flip = page.getByTestId('flip').first();
    await flip.waitFor();
    expect(await flip.textContent()).toBe("eligible if the household's monthly income were R$ 226.50 a month (now R$ 400 a month)");
    expect(await page.getByTestId('flips-search').textContent()).toMatch(/\d+ evaluations; not changed: /);

    await flip.click();
    await expect.poll(() => page.getByTestId('tryit-note-text').textContent()).toMatch(/^Changed: eligible if the household's monthly income were R\$ 226\.50/);
    const household = await page.evaluate(() => JSON.parse((window as any).__elig.monaco.editor.getModels().find((x: any) => x.uri.toString().includes('household')).getValue()));
    expect(household.monthly_income).toBe(226.5);
    await expect.poll(() => decision.getByTestId('decision-eligible').getAttribute('data-eligible'), { timeout: 30_000 }).toBe('true');

    // an eligible family: its margin is listed
    await page.getByTestId('flips-run').click();
    await expect.poll(() => page.getByTestId('margin').allTextContents()).toContainEqual(expect.stringContaining("the household's monthly income could rise by R$ 0 "));

    // in Portuguese the panel and its sentences are Portuguese (the renderer's catalogues)
    await page.getByTestId('lang-select').selectOption('pt');
    await expect.poll(() => page.getByTestId('flips-run').textContent()).toBe('O que mudaria a decisão?');
    await page.getByTestId('flips-run').click();
    await expect.poll(() => page.getByTestId('margin').allTextContents()).toContainEqual(expect.stringMatching(/^renda mensal da família: poderia (subir|cair) R\$ /));
    await page.getByTestId('lang-select').selectOption('en');
    expect(pageErrors).toEqual([]);
  });

  it('Impact counts the households near each threshold when asked', async () => {
    await page.getByTestId('tab-impact').click();
    await page.getByTestId('impact-date').fill('2001-06-01');
    await page.getByTestId('impact-synthetic').click();
    await page.getByTestId('impact-within').fill('10');
    await page.getByTestId('impact-run').click();
    const margin = page.getByTestId('impact-margin').first();
    await margin.waitFor({ timeout: 60_000 });
    const texts = await page.getByTestId('impact-margin').allTextContents();
    expect(texts.some((t) => /^\d[\d,]* households are within R\$ 10 per person a month of .*: \d[\d,]* meeting it, \d[\d,]* not$/.test(t))).toBe(true);
    const near = Number(await margin.getAttribute('data-near'));
    expect(near).toBe(Number(await margin.getAttribute('data-meeting')) + Number(await margin.getAttribute('data-failing')));

    await page.getByTestId('impact-within').fill('ten');
    await page.getByTestId('impact-run').click();
    await expect.poll(() => page.getByTestId('impact-error').textContent()).toContain('not "ten"');
    expect(pageErrors).toEqual([]);
  });
});
