// Drives headless Chromium over the live dashboard of a running `llm-telemetry serve` for the xunit test
// (tests/LlmTelemetry.Cli.Tests/Serve/CliServeBrowserTests.cs). It only observes and reports; the assertions live in C#.
//
//   node live.mjs <spec.json> <result.json>
//
// spec: { "chromium", "artifacts", "url" (the printed URL with its token), "model" (a model to filter by),
//         "deleteBefore" (YYYY-MM-DD, or null to leave the store alone) }
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './launch.mjs';

const [specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

const browser = await launch(spec.chromium);
const out = { console: [], pageErrors: [], requests: [], dialogs: [] };
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => out.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('request', (r) => out.requests.push(r.url()));
  await page.goto(spec.url, { waitUntil: 'load' });
  out.landedAt = page.url();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const cards = () => page.$$eval('.card', (cs) => Object.fromEntries(cs.map((c) => [c.getAttribute('data-card'), c.getAttribute('data-value')])));
  const ids = () => page.$$eval('#rows > tr:not(.detail)', (rs) => rs.map((r) => r.getAttribute('data-id')));
  const breakdown = (by) => page.$$eval(`table[data-breakdown="${by}"] tr`, (rs) => rs.slice(1).map((r) => [...r.children].map((c) => c.textContent)));
  // The time charts, drawn from the report endpoint: the days of the daily bars, its legend, the heatmap and latency.
  const charts = () => page.evaluate(() => ({
    days: [...document.querySelectorAll('#daily rect.hit')].map((r) => r.getAttribute('data-day')),
    legend: [...document.querySelectorAll('#daily-legend > span')].map((s) => s.textContent),
    heatCells: document.querySelectorAll('#heatmap rect.heat-cell').length,
    latencyTitle: (document.querySelector('#latency svg desc') || {}).textContent || null,
    shown: ['daily', 'heatmap', 'latency'].every((id) => getComputedStyle(document.getElementById(id).closest('section')).display !== 'none'),
  }));
  out.cardsAll = await cards();
  out.modelsAll = await breakdown('model');
  out.chartsAll = await charts();

  // Every page of the table, by the Next button, as a person pages.
  out.allIds = [];
  out.pages = 0;
  for (;;) {
    out.allIds.push(...await ids());
    out.pages++;
    if (await page.$eval('#next', (b) => b.disabled)) break;
    const offset = await page.$eval('#count', (c) => Number(c.getAttribute('data-offset')));
    await page.click('#next');
    await page.waitForFunction((o) => Number(document.getElementById('count').getAttribute('data-offset')) > o
      && document.body.getAttribute('data-loading') === 'false', offset, { timeout: 30000 });
  }

  // A filter re-queries: cards and the first page follow it.
  await page.waitForSelector(`#f-model option[value="${spec.model}"]`, { state: 'attached', timeout: 30000 });
  await page.selectOption('#f-model', spec.model);
  await page.waitForFunction(() => (document.body.getAttribute('data-query') || '').includes('model=')
    && document.body.getAttribute('data-loading') === 'false', null, { timeout: 30000 });
  out.cardsFiltered = await cards();
  out.filteredIds = await ids();
  out.modelsFiltered = await breakdown('model');
  out.chartsFiltered = await charts();
  out.filteredModels = await page.$$eval('#rows > tr:not(.detail) > td:nth-child(4)', (c) => [...new Set(c.map((x) => x.textContent))]);

  // Export of the current filter, as the browser downloads it.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#export-jsonl')]);
  const saved = join(spec.artifacts, 'live-export.jsonl');
  await download.saveAs(saved);
  const text = readFileSync(saved, 'utf8');
  out.exportName = download.suggestedFilename();
  out.exportLines = text.split('\n').filter((l) => l.length > 0).length;
  out.exportModels = [...new Set(text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l).model))];

  await page.screenshot({ path: join(spec.artifacts, 'live.png'), fullPage: true });

  if (spec.deleteBefore) {
    await page.selectOption('#f-model', '');
    await page.waitForFunction(() => !(document.body.getAttribute('data-query') || '').includes('model=')
      && document.body.getAttribute('data-loading') === 'false', null, { timeout: 30000 });
    // The first click is dismissed (nothing may be deleted), the second accepted.
    await page.fill('#delete-before', spec.deleteBefore);
    page.once('dialog', (d) => { out.dialogs.push({ type: d.type(), message: d.message(), answer: 'dismiss' }); d.dismiss(); });
    await page.click('#delete');
    out.deletedAfterDismiss = await page.$eval('#live-status', (s) => s.getAttribute('data-deleted'));
    page.once('dialog', (d) => { out.dialogs.push({ type: d.type(), message: d.message(), answer: 'accept' }); d.accept(); });
    await page.click('#delete');
    await page.waitForFunction(() => document.getElementById('live-status').getAttribute('data-deleted') !== null, null, { timeout: 30000 });
    await page.waitForFunction(() => document.body.getAttribute('data-loading') === 'false', null, { timeout: 30000 });
    out.deleted = Number(await page.$eval('#live-status', (s) => s.getAttribute('data-deleted')));
    out.statusText = await page.$eval('#live-status', (s) => s.textContent);
    out.cardsAfterDelete = await cards();
  }
  out.errorText = await page.$eval('#live-status', (s) => s.getAttribute('data-error'));
  await context.close();
} finally {
  await browser.close();
}
writeFileSync(resultPath, JSON.stringify(out, null, 2));
