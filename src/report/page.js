// The report's behaviour: show one day (map, date, areas, events, chart marker) and move between
// days with the slider, the step buttons, the keys, the chart and play/pause; keep the day in
// the address (#YYYY-MM-DD); compare two dates with a swipe. Every text of the data goes into
// the page as text (textContent), never as markup; only the maps' fragments, written by
// frontline itself, are inserted as SVG markup. Every word comes from the table of strings.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('frontline-data').textContent);
  var S = JSON.parse(document.getElementById('frontline-strings').textContent);
  var days = data.days;
  var $ = function (id) { return document.getElementById(id); };
  var slider = $('day'), mapBox = $('map'), playButton = $('play'), compareButton = $('compare');
  var compareWith = $('compare-with'), swipe = $('swipe'), chart = $('chart');
  var current = -1, since = -1, timer = null, sizeName = null, views = {};
  // 0.7 s a day: the whole war (66 days) plays in under a minute, a day is still readable.
  var PLAY_INTERVAL_MS = 700;
  // Below this width (px) the map of the phone size is shown: the laptop's would set its
  // labels under 11 px (see src/report/maps.rs).
  var WIDE_FROM_PX = 820;

  function fill(key, values) {
    return String(S[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  // A whole number as the language writes it (number.* of the table, CLDR): "12,346", "12 346".
  function number(value) {
    var digits = String(Math.round(Math.abs(value)));
    if (digits.length >= 3 + Number(S['number.min_grouping'] || 1)) {
      digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, function () { return S['number.group']; });
    }
    return digits;
  }
  function km2(value) {
    return fill('report.area', { km2: number(value) });
  }
  function fragment(id) {
    var node = document.getElementById(id);
    return node ? node.textContent : '';
  }
  // Ids of one map's fragments get the map's prefix, so that two maps on the page (compare)
  // never take each other's hatches or clips.
  function prefixed(svg, pre) {
    return svg.replace(/ id="/g, ' id="' + pre).replace(/url\(#/g, 'url(#' + pre).replace(/href="#/g, 'href="#' + pre);
  }

  // A map: an <svg> with the base of its size once and layers for the day and the gains.
  function makeView(pre, size, className) {
    var info = data.maps.filter(function (m) { return m.name === size; })[0];
    var part = function (name) { return prefixed(fragment(size + '-' + name), pre); };
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" class="map ' + className + '" viewBox="' + info.view_box +
      '" font-family="\'DejaVu Sans\', sans-serif" font-stretch="semi-condensed" role="img">' +
      part('atoms') + '<g class="ground">' + part('ground') + '</g><g class="areas"></g><g class="context">' +
      part('context') + '</g><g class="gains"></g><g class="top"></g><g class="furniture">' +
      part('furniture') + '</g></svg>';
    var holder = document.createElement('div');
    holder.innerHTML = svg;
    var node = holder.firstChild;
    return { pre: pre, size: size, svg: node, day: null,
      areas: node.querySelector('g.areas'), top: node.querySelector('g.top'), gains: node.querySelector('g.gains') };
  }
  function showDay(view, i) {
    if (view.day === i) return;
    var parts = prefixed(fragment(view.size + '-day-' + days[i].date), view.pre).split('<!--top-->');
    view.areas.innerHTML = parts[0];
    view.top.innerHTML = parts[1] || '';
    view.svg.setAttribute('aria-label', fill('report.map_label', { date: days[i].label }));
    view.day = i;
  }
  // The atoms that changed side between two days, drawn on `view`, and their km2 per side.
  function showGains(view, from, to) {
    var before = days[from].held, after = days[to].held, bySide = {}, markup = '';
    for (var a = 0; a < after.length; a++) {
      if (after[a] === before[a]) continue;
      var side = parseInt(after[a], 36);
      (bySide[side] = bySide[side] || []).push(a);
    }
    var km = {};
    Object.keys(bySide).forEach(function (side) {
      var uses = '';
      km[side] = 0;
      bySide[side].forEach(function (a) {
        uses += '<use href="#' + view.pre + 'atom-' + a + '"/>';
        km[side] += data.atoms_km2[a];
      });
      markup += '<g filter="url(#' + view.pre + 'outline-' + side + ')">' + uses + '</g><g fill="url(#' +
        view.pre + 'gain-' + side + ')" class="gained" data-side="' + side + '">' + uses + '</g>';
    });
    view.gains.innerHTML = markup;
    return km;
  }

  function layout() {
    var wanted = mapBox.clientWidth >= WIDE_FROM_PX ? data.maps[0].name : data.maps[data.maps.length - 1].name;
    if (wanted === sizeName) return;
    sizeName = wanted;
    mapBox.textContent = '';
    views.b = makeView('b-', wanted, 'map-b');
    mapBox.appendChild(views.b.svg);
    views.a = null;
    if (since >= 0) addCompareView();
    var i = current;
    current = -1;
    if (i >= 0) show(i);
  }
  function addCompareView() {
    views.a = makeView('a-', sizeName, 'map-a');
    mapBox.appendChild(views.a.svg);
    views.divider = el('div', 'divider');
    views.badgeA = el('span', 'badge');
    views.badgeB = el('span', 'badge');
    views.badgeB.style.right = '6px';
    views.badgeA.style.left = '48px'; // right of the north arrow
    [views.divider, views.badgeA, views.badgeB].forEach(function (n) { mapBox.appendChild(n); });
    showSwipe();
  }
  function showSwipe() {
    if (!views.a) return;
    var at = Number(swipe.value);
    views.a.svg.style.clipPath = 'inset(0 ' + (100 - at) + '% 0 0)';
    views.divider.style.left = at + '%';
  }

  function showEvents(day) {
    var list = $('events');
    list.textContent = '';
    if (day.events.length === 0) list.appendChild(el('li', 'none', S['panel.no_events']));
    day.events.forEach(function (event) {
      var item = el('li', 'event kind-' + event.kind);
      item.appendChild(el('div', 'title', event.title));
      var meta = el('div', 'meta');
      meta.appendChild(el('span', 'status status-' + event.status, S['status.' + event.status] || event.status));
      meta.appendChild(document.createTextNode(' ' + (S['kind.' + event.kind] || event.kind)));
      // The place's name is the dataset's (English where it has none in the language).
      if (event.place) {
        meta.appendChild(document.createTextNode(' \u00b7 '));
        meta.appendChild(el('span', 'place', event.place));
      }
      if (event.side && (event.kind === 'control' || event.kind === 'handover')) {
        meta.appendChild(document.createTextNode(' \u00b7 ' + fill('report.to_side', { side: event.side })));
      }
      item.appendChild(meta);
      if (event.note) item.appendChild(el('p', 'note', event.note));
      var sources = el('ul', 'sources');
      event.sources.forEach(function (source) {
        var entry = el('li', 'source');
        var label = fill('report.source', { publisher: source.publisher, date: source.date });
        if (source.href) {
          var link = el('a', null, label);
          link.href = source.href;
          link.title = source.href;
          link.rel = 'noopener noreferrer';
          link.target = '_blank';
          entry.appendChild(link);
        } else {
          entry.appendChild(el('span', 'seed', label + ' (' + source.url + ')'));
        }
        sources.appendChild(entry);
      });
      item.appendChild(sources);
      list.appendChild(item);
    });
  }
  function showAreas(day) {
    var body = document.querySelector('#areas tbody');
    body.textContent = '';
    data.sides.forEach(function (side, s) {
      var changed = day.change ? day.change[s] : 0;
      var row = el('tr');
      var name = el('td');
      var swatch = el('span', 'swatch');
      swatch.style.background = side.colour;
      name.appendChild(swatch);
      name.appendChild(document.createTextNode(side.name));
      row.appendChild(name);
      row.appendChild(el('td', 'num', km2(day.areas[s])));
      var delta = day.change && Math.round(Math.abs(changed)) !== 0 ? (changed > 0 ? '+' : '\u2212') + number(changed) : '';
      var cell = el('td', 'num ' + (changed > 0 ? 'up' : 'down'), delta);
      if (delta) cell.title = S['report.change_title'];
      row.appendChild(cell);
      body.appendChild(row);
    });
  }
  function showMarker(i) {
    var marker = $('chart-marker');
    if (!marker) return;
    marker.setAttribute('x1', data.chart.x[i]);
    marker.setAttribute('x2', data.chart.x[i]);
    Array.prototype.forEach.call(chart.querySelectorAll('.chart-dot'), function (dot) {
      var s = Number(dot.getAttribute('data-side'));
      dot.setAttribute('cx', data.chart.x[i]);
      dot.setAttribute('cy', data.chart.y[s][i]);
    });
  }
  // Every side, in the dataset's order: "+1,234 km²" where it gained ground, "0 km²" where
  // it gained none or less than half a km² (never "+0 km²"); "no ground changed side" when
  // no side gained any.
  function gainFigures(km) {
    var any = false;
    var parts = data.sides.map(function (side, s) {
      var value = Math.round(km[s] || 0);
      if (value === 0) return fill('report.compare_zero', { side: side.name });
      any = true;
      return fill('compare.figure', { side: side.name, km2: number(value) });
    });
    return any ? parts.join('; ') : S['compare.nothing'];
  }
  function showCompare() {
    var summary = $('compare-summary');
    if (!views.a || since < 0) { summary.textContent = ''; return; }
    showDay(views.a, since);
    var from = Math.min(since, current), to = Math.max(since, current);
    var km = showGains(views.b, from, to);
    views.b.gains.setAttribute('data-from', days[from].date);
    summary.textContent = fill('report.compare_summary', { from: days[from].label, to: days[to].label, figures: gainFigures(km) });
    views.badgeA.textContent = '\u25c0 ' + days[since].label;
    views.badgeB.textContent = days[current].label + ' \u25b6';
    compareWith.value = String(since);
  }
  function writeHash() {
    var hash = '#' + days[current].date + (since >= 0 ? '&compare=' + days[since].date : '');
    try {
      history.replaceState(null, '', hash);
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the address is a convenience.
    }
  }

  function show(i) {
    i = Math.max(0, Math.min(days.length - 1, i));
    if (i === current) return;
    current = i;
    var day = days[i];
    showDay(views.b, i);
    if (!views.a) views.b.gains.innerHTML = '';
    mapBox.setAttribute('data-day', day.date);
    slider.value = String(i);
    slider.setAttribute('aria-valuetext', day.label);
    $('date').textContent = day.label;
    $('day-number').textContent = fill('title.day_of_war', { n: day.number });
    showEvents(day);
    showAreas(day);
    showMarker(i);
    showCompare();
    writeHash();
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = S['report.play'];
    playButton.setAttribute('aria-pressed', 'false');
  }
  function play() {
    if (current >= days.length - 1) show(0);
    timer = setInterval(function () {
      if (current >= days.length - 1) stop(); else show(current + 1);
    }, PLAY_INTERVAL_MS);
    playButton.textContent = S['report.pause'];
    playButton.setAttribute('aria-pressed', 'true');
  }
  function step(by) {
    stop();
    show(current + by);
  }
  function setCompare(from) {
    since = from;
    $('compare-bar').hidden = from < 0;
    compareButton.setAttribute('aria-pressed', from >= 0 ? 'true' : 'false');
    var keep = current;
    sizeName = null;
    current = -1;
    layout();
    show(keep);
  }

  days.forEach(function (day, i) { compareWith.appendChild(el('option', null, day.label)).value = String(i); });
  playButton.addEventListener('click', function () { if (timer === null) play(); else stop(); });
  [['first', -Infinity], ['prev-week', -7], ['prev', -1], ['next', 1], ['next-week', 7], ['last', Infinity]]
    .forEach(function (b) {
      $(b[0]).addEventListener('click', function () { step(isFinite(b[1]) ? b[1] : (b[1] > 0 ? days.length : -days.length)); });
    });
  slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });
  compareButton.addEventListener('click', function () {
    setCompare(since >= 0 ? -1 : Math.max(0, current - 7));
  });
  compareWith.addEventListener('change', function () { since = Number(compareWith.value); showCompare(); writeHash(); });
  swipe.addEventListener('input', showSwipe);
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target === compareWith || e.target === swipe) return;
    var week = e.shiftKey ? 7 : 1;
    if (e.key === 'ArrowRight') step(week);
    else if (e.key === 'ArrowLeft') step(-week);
    else if (e.key === 'Home') step(-days.length);
    else if (e.key === 'End') step(days.length);
    else if (e.key === ' ' && (e.target === document.body || e.target === slider)) {
      if (timer === null) play(); else stop();
    } else return;
    e.preventDefault();
  });
  if (chart) {
    chart.addEventListener('click', function (e) {
      var box = chart.getBoundingClientRect();
      var x = (e.clientX - box.left) * (chart.viewBox.baseVal.width / box.width);
      var best = 0;
      data.chart.x.forEach(function (value, i) {
        if (Math.abs(value - x) < Math.abs(data.chart.x[best] - x)) best = i;
      });
      step(best - current);
    });
  }
  window.addEventListener('resize', layout);

  // #2020-11-08 opens that day; #2020-11-08&compare=2020-10-01 also compares.
  var index = function (date) {
    for (var i = 0; i < days.length; i++) if (days[i].date === date) return i;
    return -1;
  };
  var hash = decodeURIComponent(location.hash.slice(1)).split('&compare=');
  current = -1;
  layout();
  if (index(hash[1]) >= 0) { since = index(hash[1]); setCompare(since); }
  show(Math.max(0, index(hash[0])));
  window.frontlineReady = performance.now();
})();
