// `elig target` end to end: the measures it prints agree with counting decide() by hand, and the HTML
// report opens in Debian's Chromium as a self-contained page (no request leaves it) with its charts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOLSA_DATE, generate } from '../../bench/households';
import { runTarget } from '../../cli/commands/target';
import { folderRegistry } from '../../cli/load';
import { decide } from '../../engine';

const ROOT = resolve(__dirname, '../..');
process.env.ELIG_RULESETS = join(ROOT, 'rulesets');
const dir = mkdtempSync(join(tmpdir(), 'elig-target-'));
const households = generate('bolsa', 400, 11);
const input = join(dir, 'bolsa.jsonl');
const html = join(dir, 'report.html');
let json: any;
let browser: Browser;

beforeAll(async () => {
  writeFileSync(input, households.map((h) => JSON.stringify(h)).join('\n') + '\n');
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    expect(await runTarget(['br/bolsa-escola-df', input, '--date', BOLSA_DATE, '--poor-below', '65', '--group', 'housing', '--html', html, '--json'])).toBe(0);
  } finally {
    vi.restoreAllMocks();
  }
  json = JSON.parse(out.join('\n'));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('elig target', () => {
  it('counts the four cells as decide() and the per-capita line say, exactly', () => {
    const registry = folderRegistry(join(ROOT, 'rulesets'));
    const ruleset = registry.get('br/bolsa-escola-df')!;
    const cells = { poorBeneficiary: 0, poorNonBeneficiary: 0, nonPoorBeneficiary: 0, nonPoorNonBeneficiary: 0 };
    for (const h of households) {
      const poor = (h as unknown as { monthly_income: number }).monthly_income * 1e6 < 65e6 * h.members.length; // integers here: exact
      for (const d of decide(ruleset, h, { date: BOLSA_DATE, resolve: registry.resolve })) {
        if (d.eligible === null) continue;
        if (poor) d.eligible ? cells.poorBeneficiary++ : cells.poorNonBeneficiary++;
        else d.eligible ? cells.nonPoorBeneficiary++ : cells.nonPoorNonBeneficiary++;
      }
    }
    expect(json.total).toMatchObject(cells);
    expect(json.total.inclusionError).toBeCloseTo(cells.nonPoorBeneficiary / json.total.classified, 12);
    expect(json.groups.reduce((n: number, g: { classified: number }) => n + g.classified, 0)).toBe(json.total.classified);
    expect(json.funnel.length).toBe(3);
  });

  it('writes a report that renders in Chromium with its funnel, benefits and errors-by-group charts, and nothing fetched', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(`file://${html}`);
    const charts = await page.$$eval('svg[role=img]', (svgs) => svgs.map((s) => ({ label: s.getAttribute('aria-label'), bars: s.querySelectorAll('rect').length, width: s.getBoundingClientRect().width })));
    expect(charts.map((c) => c.label)).toEqual(['criterion funnel', 'benefit distribution', 'errors by group']);
    expect(charts[0]!.bars).toBe(4); // all subjects + three criteria
    expect(charts.every((c) => c.width > 300)).toBe(true);
    const text = await page.textContent('body');
    expect(text).toContain('a child aged 7 to 14');
    expect(text).toContain(`${(json.total.inclusionError * 100).toFixed(1)}%`);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('escapes text from rulesets and households in the report', async () => {
    const { renderTargetingHtml } = await import('../../cli/registry/targeting-html');
    const hostile = '<img src=x onerror=alert(1)>';
    const total = { ...json.total, group: hostile };
    const page = renderTargetingHtml({ ...json, title: hostile, benefits: [[130, 2]], total, groups: [total], funnel: [{ label: hostile, passing: 1 }] });
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
