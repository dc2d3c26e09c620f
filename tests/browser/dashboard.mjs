// Drives headless Chromium over generated dashboard pages for the xunit browser tests
// (tests/LlmTelemetry.Core.Tests/Exporters/HtmlReportBrowserTests.cs). It only observes and reports:
// the assertions live in C#. One browser launch per run; each page gets a fresh context.
//
//   node dashboard.mjs <spec.json> <result.json>
//
// spec: { "chromium": "/usr/bin/chromium", "artifacts": "<dir>", "pages": [ { "name", "path", "steps": [ { "do", ... } ] } ] }
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { launch } from './launch.mjs';

const [specPath, resultPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

const browser = await launch(spec.chromium);

const results = { browserVersion: browser.version(), pages: {} };
try {
  for (const p of spec.pages) results.pages[p.name] = await runPage(p);
} finally {
  await browser.close();
}
writeFileSync(resultPath, JSON.stringify(results, null, 2));

async function runPage(p) {
  const context = await browser.newContext({
    acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1366, height: 900 },
    colorScheme: p.colorScheme || 'light',
  });
  const page = await context.newPage();
  const out = { console: [], pageErrors: [], requests: [], steps: {} };
  page.on('console', (m) => out.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('request', (r) => out.requests.push(r.url()));
  const url = pathToFileURL(p.path).href;
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.llmtTimings !== undefined, null, { timeout: 20000 });
  out.loadWallMs = Date.now() - started;
  out.timings = await page.evaluate(() => window.llmtTimings);
  out.navigation = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return n ? { domContentLoadedMs: n.domContentLoadedEventEnd, loadMs: n.loadEventEnd } : null;
  });
  out.cards = await page.$$eval('.card', (cards) => cards.map((c) => ({
    key: c.getAttribute('data-card'), value: c.getAttribute('data-value'),
    text: c.querySelector('.value').textContent, delta: c.querySelector('.delta').textContent,
  })));
  out.cap = await page.$eval('#cap', (e) => (e.hidden ? null : e.textContent));
  out.eventsNote = await page.$eval('#events-note', (e) => e.textContent);
  out.count = await readCount(page);
  out.rows = await page.$$eval('#rows > tr:not(.detail)', (rows) => rows.length);
  out.svgCharts = await page.$$eval('svg[role=img]', (s) => s.map((x) => x.querySelector('title').textContent));
  for (const step of p.steps || []) out.steps[step.name || step.do] = await runStep(page, step, p);
  out.pwned = await page.evaluate(() => window.__pwned === undefined ? null : String(window.__pwned));
  await context.close();
  return out;
}

async function readCount(page) {
  return page.$eval('#count', (e) => Number(e.getAttribute('data-count')));
}

async function runStep(page, step, p) {
  switch (step.do) {
    case 'selectModel': {
      await page.selectOption('#f-model', step.value);
      return { count: await readCount(page), rows: await page.$$eval('#rows > tr:not(.detail)', (r) => r.length),
        models: await page.$$eval('#rows > tr:not(.detail) > td:nth-child(4)', (c) => [...new Set(c.map((x) => x.textContent))]) };
    }
    case 'timedModelFilter': {
      // Measured inside the page: the change handler filters all events and re-renders the first page synchronously.
      return page.evaluate((value) => {
        const s = document.getElementById('f-model');
        const option = [...s.options].find((o) => o.textContent === value);
        const t = performance.now();
        s.value = value === '' || !option ? '' : option.value;
        s.dispatchEvent(new Event('change'));
        const ms = performance.now() - t;
        return { ms, count: Number(document.getElementById('count').getAttribute('data-count')) };
      }, step.value);
    }
    case 'timedSearch': {
      return page.evaluate((value) => {
        const s = document.getElementById('f-search');
        const t = performance.now();
        s.value = value;
        document.getElementById('filters').requestSubmit();
        const ms = performance.now() - t;
        return { ms, count: Number(document.getElementById('count').getAttribute('data-count')) };
      }, step.value);
    }
    case 'search': {
      await page.fill('#f-search', step.value);
      await page.waitForFunction((n) => Number(document.getElementById('count').getAttribute('data-count')) !== n, -1, { timeout: 2000 }).catch(() => {});
      await page.waitForTimeout(250);
      return { count: await readCount(page) };
    }
    case 'clear': {
      await page.click('#f-clear');
      await page.waitForTimeout(50);
      return { count: await readCount(page) };
    }
    case 'expandRow': {
      const selector = step.id ? `#rows > tr[data-id="${step.id}"] button.expand` : '#rows button.expand';
      await page.click(selector);
      const detail = page.locator('#rows > tr.detail').first();
      await detail.waitFor();
      return {
        expanded: await page.$eval(selector, (b) => b.getAttribute('aria-expanded')),
        record: await detail.locator('pre.record').textContent(),
        payload: await detail.locator('pre.payload').textContent(),
        payloadHtml: await detail.locator('pre.payload').innerHTML(),
        scriptElementsInDetail: await detail.locator('script').count(),
      };
    }
    case 'export': {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(step.button)]);
      const file = await download.path();
      return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
    }
    case 'hoverBar': {
      const bar = page.locator('#daily rect.hit').nth(step.index || 0);
      await bar.hover();
      return { tooltip: await page.$eval('#tooltip', (t) => (t.hidden ? null : t.textContent)), day: await bar.getAttribute('data-day') };
    }
    case 'screenshot': {
      await page.emulateMedia({ colorScheme: step.colorScheme });
      const path = join(spec.artifacts, `${p.name}-${step.colorScheme}.png`);
      await page.screenshot({ path, fullPage: step.fullPage !== false });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      return { path, background };
    }
    default:
      throw new Error('unknown step ' + step.do);
  }
}
