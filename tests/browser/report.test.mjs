// Browser test of the HTML report, run by tests/report.rs with node's test runner:
// REPORT_DIR holds a report of a few days, EXPECTED_JSON the events each day must list.
// Opens the page from disk and over HTTP in headless Chromium, moves the slider and the arrow
// keys, and checks that the map and the events change and that every source link is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.env.REPORT_DIR;
const shots = process.env.SCREENSHOT_DIR;
const expected = JSON.parse(fs.readFileSync(process.env.EXPECTED_JSON, 'utf8'));
const days = Object.keys(expected).sort();

const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// A static server on loopback for the report folder, closed after the test.
function serve(root) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function check(page, label) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const state = async () => page.evaluate(() => ({
    day: document.getElementById('map').getAttribute('data-day'),
    svg: document.querySelector('#map svg') !== null,
    date: document.getElementById('date').textContent,
    events: Array.from(document.querySelectorAll('#events > li')).map((li) => li.textContent),
    links: Array.from(document.querySelectorAll('#events a[href]')).map((a) => a.getAttribute('href')),
  }));
  const first = await state();
  assert.equal(first.day, days[0], `${label}: first day shown`);
  assert.ok(first.svg, `${label}: the map is drawn`);
  for (const url of expected[days[0]].links) assert.ok(first.links.includes(url), `${label}: link ${url} on ${days[0]}`);

  // Move the slider to the last day, as a user drags it.
  await page.locator('#day').fill(String(days.length - 1));
  await page.locator('#day').dispatchEvent('input');
  const last = await state();
  assert.equal(last.day, days[days.length - 1], `${label}: slider moved the map`);
  assert.notEqual(last.date, first.date, `${label}: the date changed`);
  assert.notDeepEqual(last.events, first.events, `${label}: the events changed`);
  assert.equal(last.events.length, expected[last.day].count, `${label}: every event of ${last.day}`);
  for (const url of expected[last.day].links) assert.ok(last.links.includes(url), `${label}: link ${url} on ${last.day}`);

  // Keyboard: left arrow goes back a day.
  await page.keyboard.press('ArrowLeft');
  assert.equal((await state()).day, days[days.length - 2], `${label}: ArrowLeft`);
  await page.keyboard.press('ArrowRight');
  assert.equal((await state()).day, days[days.length - 1], `${label}: ArrowRight`);
  assert.deepEqual(errors, [], `${label}: no script errors`);
}

test('report opened from disk', async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto('file://' + path.join(dir, 'index.html'));
    await check(page, 'file://');
    // The screenshot test: the page is drawn, not blank.
    const file = path.join(shots, 'report.png');
    await page.screenshot({ path: file, fullPage: false });
    const png = fs.readFileSync(file);
    assert.ok(png.length > 50000, 'a screenshot of a drawn page is not tiny');
    const colours = await page.evaluate(() => {
      const svg = document.querySelector('#map svg');
      return svg ? svg.querySelectorAll('path').length : 0;
    });
    assert.ok(colours > 20, 'the map has its shapes');
  } finally {
    await browser.close();
  }
});

test('report served over HTTP', async () => {
  const server = await serve(dir);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await check(page, 'http');
    // Play advances the days by itself.
    await page.locator('#day').fill('0');
    await page.locator('#day').dispatchEvent('input');
    await page.locator('#play').click();
    await page.waitForFunction((d) => document.getElementById('map').getAttribute('data-day') !== d, days[0], { timeout: 10000 });
    await page.locator('#play').click();
  } finally {
    await browser.close();
    server.close();
  }
});

// SVG fidelity: the SVG of a day drawn by Chromium matches our PNG (resvg) within a tolerance,
// so the SVG does not depend on features only resvg understands.
test('the SVG in Chromium matches our PNG', async () => {
  const svg = fs.readFileSync(process.env.SVG_FILE).toString('base64');
  const png = fs.readFileSync(process.env.PNG_FILE).toString('base64');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const result = await page.evaluate(async ([svg, png]) => {
      const load = (src) => new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img);
        img.onerror = reject;
        img.src = src;
      });
      const a = await load('data:image/svg+xml;base64,' + svg);
      const b = await load('data:image/png;base64,' + png);
      const w = b.naturalWidth, h = b.naturalHeight;
      const pixels = (img) => {
        const c = document.createElement('canvas');
        c.width = w; c.height = h;
        const g = c.getContext('2d');
        g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
        g.drawImage(img, 0, 0, w, h);
        return g.getImageData(0, 0, w, h).data;
      };
      const pa = pixels(a), pb = pixels(b);
      let sum = 0, far = 0;
      for (let i = 0; i < pa.length; i += 4) {
        let max = 0;
        for (let k = 0; k < 3; k++) {
          const d = Math.abs(pa[i + k] - pb[i + k]);
          sum += d;
          if (d > max) max = d;
        }
        if (max > 64) far++;
      }
      return { mean: sum / (w * h * 3), far: far / (w * h), w, h };
    }, [svg, png]);
    console.log(`# fidelity: mean channel difference ${result.mean.toFixed(2)}, ${(result.far * 100).toFixed(2)}% pixels far apart (${result.w}x${result.h})`);
    assert.ok(result.mean < 8, `mean difference ${result.mean}`);
    assert.ok(result.far < 0.05, `${(result.far * 100).toFixed(2)}% of pixels differ by more than 64`);
  } finally {
    await browser.close();
  }
});
