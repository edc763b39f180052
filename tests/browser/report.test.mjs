// Browser test of the HTML report, run by tests/report.rs with node's test runner:
// REPORT_DIR holds a report of a few days, EXPECTED_JSON what each day must list and what a
// comparison must show. Opens the page from disk and over HTTP in headless Chromium at
// 1400x900 (laptop) and 390x844 (phone); checks the slider, the step buttons, the keys, links to
// a date, the chart, the comparison, the size of the map's labels and every source link; saves
// screenshots to SCREENSHOT_DIR for a person to look at. Measurements are printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.env.REPORT_DIR;
const shots = process.env.SCREENSHOT_DIR;
const expected = JSON.parse(fs.readFileSync(process.env.EXPECTED_JSON, 'utf8'));
const days = Object.keys(expected.days).sort();
const fileUrl = 'file://' + path.join(dir, 'index.html');
const urlOf = (folder) => 'file://' + path.join(folder, 'index.html');

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

const state = (page) => page.evaluate(() => ({
  day: document.getElementById('map').getAttribute('data-day'),
  hash: location.hash,
  svg: document.querySelector('#map svg.map-b') !== null,
  date: document.getElementById('date').textContent,
  events: Array.from(document.querySelectorAll('#events > li')).map((li) => li.textContent),
  links: Array.from(document.querySelectorAll('#events a[href]')).map((a) => a.getAttribute('href')),
}));

const laptop = { viewport: { width: 1400, height: 900 } };

// Opens `url` in a new browser's page made with `pageOptions`, waits until the report is ready,
// runs `check(page, errors)` (errors: the page's script errors) and closes the browser.
async function withReport(url, pageOptions, check) {
  const browser = await launch();
  try {
    const page = await browser.newPage(pageOptions);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.frontlineReady !== undefined);
    await check(page, errors);
  } finally {
    await browser.close();
  }
}

// The smallest map text: its font size in screen px (font-size times the map's scale) and the
// height of its box (getBoundingClientRect).
const labelSizes = (page) => page.evaluate(() => {
  const texts = Array.from(document.querySelectorAll('#map svg.map-b text'));
  const scale = document.querySelector('#map svg.map-b').getScreenCTM().a;
  const sizes = texts.map((t) => ({ px: parseFloat(t.getAttribute('font-size')) * scale, box: t.getBoundingClientRect().height, text: t.textContent }));
  sizes.sort((a, b) => a.px - b.px);
  return { count: sizes.length, smallest: sizes[0], smallestBox: Math.min(...sizes.map((s) => s.box)) };
});

// Every day: its events and every http(s) source link of them, reached with the slider.
async function everySource(page, label) {
  for (let i = 0; i < days.length; i++) {
    await page.locator('#day').fill(String(i));
    await page.locator('#day').dispatchEvent('input');
    const now = await state(page);
    assert.equal(now.day, days[i], `${label}: slider to ${days[i]}`);
    assert.equal(now.hash, '#' + days[i], `${label}: the address follows the slider`);
    assert.equal(now.events.length, Math.max(1, expected.days[days[i]].count), `${label}: events of ${days[i]}`);
    for (const url of expected.days[days[i]].links) assert.ok(now.links.includes(url), `${label}: link ${url} on ${days[i]}`);
  }
}

async function steps(page, label) {
  const day = async () => (await state(page)).day;
  await page.locator('#first').click();
  assert.equal(await day(), days[0], `${label}: first`);
  await page.locator('#next').click();
  assert.equal(await day(), days[1], `${label}: next day`);
  await page.locator('#next-week').click();
  assert.equal(await day(), days[8], `${label}: next week`);
  await page.locator('#prev-week').click();
  assert.equal(await day(), days[1], `${label}: week back`);
  await page.locator('#prev').click();
  assert.equal(await day(), days[0], `${label}: day back`);
  await page.locator('#last').click();
  assert.equal(await day(), days[days.length - 1], `${label}: last`);
  await page.locator('body').focus();
  for (const [key, want] of [['Home', 0], ['ArrowRight', 1], ['Shift+ArrowRight', 8], ['ArrowLeft', 7],
    ['Shift+ArrowLeft', 0], ['End', days.length - 1]]) {
    await page.keyboard.press(key);
    assert.equal(await day(), days[want], `${label}: key ${key}`);
  }
}

test('laptop 1400x900 from disk: a date link, the chart in view, steps, keys, sources, labels', async () => {
  await withReport(fileUrl + '#2020-11-08', laptop, async (page, errors) => {
    const ready = await page.evaluate(() => window.frontlineReady);
    console.log(`# measured: page ready ${ready.toFixed(0)} ms after navigation (file://, 1400x900)`);
    assert.equal((await state(page)).day, '2020-11-08', 'the date link opens its day');
    await page.screenshot({ path: path.join(shots, 'report-1400.png') });
    const boxes = await page.evaluate(() => {
      const box = (sel) => document.querySelector(sel).getBoundingClientRect().toJSON();
      return { map: box('#map'), chart: box('#chart'), dates: Array.from(document.querySelectorAll('#chart text.date')).map((t) => t.getBoundingClientRect().toJSON()),
        legend: document.querySelector('.chart-legend').textContent };
    });
    assert.ok(boxes.map.bottom <= 900 && boxes.chart.bottom <= 900 && boxes.chart.top >= 0, `map and chart in view: ${JSON.stringify(boxes)}`);
    for (let i = 1; i < boxes.dates.length; i++) assert.ok(boxes.dates[i - 1].right <= boxes.dates[i].left, 'chart date labels do not overlap');
    for (const side of expected.sides) assert.ok(boxes.legend.includes(side), `chart legend has ${side}`);
    const labels = await labelSizes(page);
    console.log(`# measured: 1400x900 smallest map label ${labels.smallest.px.toFixed(1)} px (box ${labels.smallestBox.toFixed(1)} px, "${labels.smallest.text}"), ${labels.count} texts`);
    assert.ok(labels.count > 10 && labels.smallest.px >= 11 && labels.smallestBox >= 11, JSON.stringify(labels));
    // The chart: a click on a day's point shows that day.
    const target = 3;
    const point = await page.evaluate((i) => {
      const chart = document.getElementById('chart');
      const box = chart.getBoundingClientRect();
      const data = JSON.parse(document.getElementById('frontline-data').textContent);
      return { x: box.left + data.chart.x[i] * box.width / chart.viewBox.baseVal.width, y: box.top + box.height / 2 };
    }, target);
    await page.mouse.click(point.x, point.y);
    assert.equal((await state(page)).day, days[target], 'chart click');
    await steps(page, 'file://');
    await everySource(page, 'file://');
    assert.deepEqual(errors, [], 'no script errors');
  });
});

test('compare two dates: the ground that changed is outlined, with its km2', async () => {
  const { from, to, gains } = expected.compare;
  await withReport(`${fileUrl}#${to}&compare=${from}`, laptop, async (page, errors) => {
    const shown = await page.evaluate(() => ({
      day: document.getElementById('map').getAttribute('data-day'),
      maps: document.querySelectorAll('#map svg.map').length,
      gained: document.querySelectorAll('#map svg.map-b g.gained use').length,
      summary: document.getElementById('compare-summary').textContent,
    }));
    assert.equal(shown.day, to);
    assert.equal(shown.maps, 2, 'two dates');
    assert.ok(gains.length > 0 && shown.gained > 0, 'changed ground drawn');
    for (const gain of gains) {
      const km2 = String(gain.km2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      const figure = gain.km2 > 0 ? `${gain.side} +${km2} km²` : `${gain.side} 0 km²`;
      assert.ok(shown.summary.includes(figure), `${shown.summary} has ${figure}`);
    }
    // Every side is listed, with 0 where it gained nothing; never "+0".
    for (const side of expected.sides) assert.ok(shown.summary.includes(side), `${shown.summary} lists ${side}`);
    assert.ok(!/\+0\b/.test(shown.summary), `no +0 in ${shown.summary}`);
    console.log(`# measured: compare ${from} to ${to}: ${shown.summary}`);
    await page.locator('#swipe').fill('35');
    await page.locator('#swipe').dispatchEvent('input');
    await page.screenshot({ path: path.join(shots, 'report-compare.png') });
    // Turned on from the button, comparing with a week before.
    await page.goto(fileUrl + '#' + days[9]);
    await page.reload();
    await page.waitForFunction(() => window.frontlineReady !== undefined);
    await page.locator('#compare').click();
    assert.equal(await page.evaluate(() => location.hash), `#${days[9]}&compare=${days[2]}`);
    assert.deepEqual(errors, [], 'no script errors');
  });
});

test('phone 390x844 over HTTP: the phone map, labels, play', async () => {
  const server = await serve(dir);
  const url = `http://127.0.0.1:${server.address().port}/index.html#2020-11-08`;
  const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
  try {
    await withReport(url, phone, async (page, errors) => {
      const ready = await page.evaluate(() => window.frontlineReady);
      console.log(`# measured: page ready ${ready.toFixed(0)} ms after navigation (http, 390x844)`);
      assert.equal((await state(page)).day, '2020-11-08');
      const labels = await labelSizes(page);
      console.log(`# measured: 390x844 smallest map label ${labels.smallest.px.toFixed(1)} px (box ${labels.smallestBox.toFixed(1)} px), ${labels.count} texts`);
      assert.ok(labels.count > 5 && labels.smallest.px >= 10 && labels.smallestBox >= 10, JSON.stringify(labels));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (${width})`);
      await page.screenshot({ path: path.join(shots, 'report-390.png') });
      await page.screenshot({ path: path.join(shots, 'report-390-full.png'), fullPage: true });
      await steps(page, 'http');
      await page.locator('#first').click();
      await page.locator('#play').click();
      await page.waitForFunction((d) => document.getElementById('map').getAttribute('data-day') !== d, days[0], { timeout: 10000 });
      await page.locator('#play').click();
      assert.deepEqual(errors, [], 'no script errors');
    });
  } finally {
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

// The visible text of the page and the titles of its controls, without what is data: event
// titles and notes, place names, sources (publishers), the dataset's attribution lines and the
// map (place names fall back to English per place where the dataset has no name).
const wordsOfThePage = (page) => page.evaluate(() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('#events .title, #events .note, #events .place, ul.sources, .attribution, #map, script, noscript')
    .forEach((n) => n.remove());
  const holder = document.createElement('div');
  holder.style.position = 'absolute';
  holder.appendChild(copy);
  document.documentElement.appendChild(holder);
  const text = copy.innerText;
  holder.remove();
  const titles = Array.from(document.querySelectorAll('[title], [aria-label]'))
    .filter((n) => !n.closest('#map, ul.sources'))
    .map((n) => (n.getAttribute('title') || '') + ' ' + (n.getAttribute('aria-label') || ''));
  return { text, titles: titles.join(' '), lang: document.documentElement.lang, date: document.getElementById('date').textContent };
});

for (const lang of ['hy', 'ru']) {
  test(`--lang ${lang}: no English word of the page's table, dates in the language`, async () => {
    const folder = process.env['REPORT_' + lang.toUpperCase()];
    const want = expected.langs[lang];
    await withReport(urlOf(folder) + '#2020-11-08&compare=2020-11-07', laptop, async (page, errors) => {
      const seen = await wordsOfThePage(page);
      assert.equal(seen.lang, lang);
      assert.equal(seen.date, want.date, 'the day is dated in the language');
      assert.ok(seen.text.includes(want.first), `the range starts ${want.first}`);
      const english = new Set(expected.english_words);
      const found = (seen.text + ' ' + seen.titles).split(/[^A-Za-z]+/).filter((w) => english.has(w));
      assert.deepEqual([...new Set(found)], [], `English words in the ${lang} page`);
      await page.screenshot({ path: path.join(shots, `report-${lang}-1400.png`) });
      assert.deepEqual(errors, [], 'no script errors');
    });
  });
}

test('--theme dark: a dark page', async () => {
  await withReport(urlOf(process.env.REPORT_DARK) + '#2020-11-08', laptop, async (page, errors) => {
    const colours = await page.evaluate(() => {
      const style = (sel) => getComputedStyle(document.querySelector(sel));
      return { page: style('html').backgroundColor, text: style('html').color, panel: style('aside section').backgroundColor };
    });
    assert.deepEqual(colours, { page: 'rgb(22, 24, 28)', text: 'rgb(238, 238, 238)', panel: 'rgb(29, 32, 37)' });
    await page.screenshot({ path: path.join(shots, 'report-dark-1400.png') });
    assert.deepEqual(errors, [], 'no script errors');
  });
});
