// Try-it's "What would change it?" in a real Chromium against the real server: a refused family's nearest
// flips are listed; clicking one loads the changed household into Try-it, where it is eligible.
// Skipped (with a message) only when /usr/bin/chromium is absent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ROOT, ensureEditorBuilt, hasChromium, openBrowser, startEditorServer } from './harness';

if (!hasChromium) console.warn(`[editor flips test] SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const FAMILY = JSON.parse(readFileSync(join(ROOT, '../shared/examples/br-family-federal-district.json'), 'utf8'));

describe.skipIf(!hasChromium)('Try-it: what would change it (Chromium, real server)', () => {
  let browser: Browser;
  let page: Page;
  let close: (() => Promise<void>) | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureEditorBuilt();
    const running = await startEditorServer('flips-test', 'flips-test-token');
    close = () => running.close();
    ({ browser, page } = await openBrowser(pageErrors));
    await page.goto(running.url + '/#br/bolsa-escola-df');
    await page.waitForFunction(() => (window as any).__elig?.ready === true, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
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

    // an eligible family exactly at the limit the flip found: its margin says so
    await page.getByTestId('flips-run').click();
    await expect.poll(() => page.getByTestId('margin').allTextContents()).toContainEqual(expect.stringContaining("the household's monthly income is at the limit (R$ 226.50 a month)"));

    // in Portuguese the panel and its sentences are Portuguese (the renderer's catalogues)
    await page.getByTestId('lang-select').selectOption('pt');
    await expect.poll(() => page.getByTestId('flips-run').textContent()).toBe('O que mudaria a decisão?');
    await page.getByTestId('flips-run').click();
    await expect.poll(() => page.getByTestId('margin').allTextContents()).toContainEqual(expect.stringMatching(/^renda mensal da família: está exatamente no limite \(R\$ 226,50 por mês\)/));
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
