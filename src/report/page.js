// The report's behaviour: show one day (map, events, areas, chart marker) and move between
// days with the slider, the buttons, the arrow keys, the chart and play/pause. Every text of
// the data goes into the page as text (textContent), never as markup; only the maps, written
// by frontline itself, are inserted as SVG markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('frontline-data').textContent);
  var days = data.days;
  var slider = document.getElementById('day');
  var map = document.getElementById('map');
  var dateOut = document.getElementById('date');
  var dayNumber = document.getElementById('day-number');
  var events = document.getElementById('events');
  var areas = document.querySelector('#areas tbody');
  var playButton = document.getElementById('play');
  var chart = document.getElementById('chart');
  var marker = document.getElementById('chart-marker');
  var dots = chart ? chart.querySelectorAll('.chart-dot') : [];
  var current = -1;
  var timer = null;
  // 0.7 s a day: the whole war (66 days) plays in under a minute, a day is still readable.
  var PLAY_INTERVAL_MS = 700;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function km2(value) {
    var digits = String(Math.round(Math.abs(value)));
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  }

  function showEvents(day) {
    events.textContent = '';
    if (day.events.length === 0) {
      events.appendChild(el('li', 'none', 'No event recorded on this day.'));
      return;
    }
    day.events.forEach(function (event) {
      var item = el('li', 'event kind-' + event.kind);
      item.appendChild(el('div', 'title', event.title));
      var meta = el('div', 'meta');
      meta.appendChild(el('span', 'status status-' + event.status, event.status));
      var facts = [event.kind];
      if (event.place) facts.push(event.place);
      if (event.side && (event.kind === 'control' || event.kind === 'handover')) facts.push('to ' + event.side);
      meta.appendChild(document.createTextNode(' ' + facts.join(' \u00b7 ')));
      item.appendChild(meta);
      if (event.note) item.appendChild(el('p', 'note', event.note));
      var sources = el('ul', 'sources');
      event.sources.forEach(function (source) {
        var entry = el('li', 'source');
        var label = source.publisher + ', ' + source.date;
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
      events.appendChild(item);
    });
  }

  function showAreas(day) {
    areas.textContent = '';
    data.sides.forEach(function (side, s) {
      var held = day.areas[s];
      var changed = day.change ? day.change[s] : 0;
      if (held === 0 && changed === 0) return;
      var row = el('tr');
      var name = el('td');
      var swatch = el('span', 'swatch');
      swatch.style.background = side.colour;
      name.appendChild(swatch);
      name.appendChild(document.createTextNode(side.name));
      row.appendChild(name);
      row.appendChild(el('td', 'num', km2(held) + ' km\u00b2'));
      var delta = '';
      if (day.change && Math.round(changed) !== 0) {
        delta = (changed > 0 ? '+' : '\u2212') + km2(changed);
      }
      row.appendChild(el('td', 'num ' + (changed > 0 ? 'up' : 'down'), delta));
      areas.appendChild(row);
    });
  }

  function showMarker(i) {
    if (!marker) return;
    var x = data.chart.x[i];
    marker.setAttribute('x1', x);
    marker.setAttribute('x2', x);
    Array.prototype.forEach.call(dots, function (dot) {
      var s = Number(dot.getAttribute('data-side'));
      dot.setAttribute('cx', x);
      dot.setAttribute('cy', data.chart.y[s][i]);
      dot.style.display = days[i].areas[s] > 0 ? '' : 'none';
    });
  }

  function show(i) {
    i = Math.max(0, Math.min(days.length - 1, i));
    if (i === current) return;
    current = i;
    var day = days[i];
    var source = document.getElementById('map-' + day.date);
    map.innerHTML = source ? source.textContent : '';
    map.setAttribute('data-day', day.date);
    slider.value = String(i);
    slider.setAttribute('aria-valuetext', day.label);
    dateOut.textContent = day.label;
    dayNumber.textContent = 'Day ' + day.number + ' of the war';
    showEvents(day);
    showAreas(day);
    showMarker(i);
    try {
      history.replaceState(null, '', '#' + day.date);
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the hash is a convenience.
    }
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
  }

  function play() {
    if (current >= days.length - 1) show(0);
    timer = setInterval(function () {
      if (current >= days.length - 1) {
        stop();
      } else {
        show(current + 1);
      }
    }, PLAY_INTERVAL_MS);
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
  }

  function step(by) {
    stop();
    show(current + by);
  }

  playButton.addEventListener('click', function () {
    if (timer === null) play(); else stop();
  });
  document.getElementById('prev').addEventListener('click', function () { step(-1); });
  document.getElementById('next').addEventListener('click', function () { step(1); });
  slider.addEventListener('input', function () {
    stop();
    show(Number(slider.value));
  });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // A focused slider moves itself on arrow keys and reports it through 'input'.
    if (e.target === slider && e.key !== ' ') return;
    if (e.key === 'ArrowRight') step(1);
    else if (e.key === 'ArrowLeft') step(-1);
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

  var start = 0;
  var wanted = decodeURIComponent(location.hash.slice(1));
  days.forEach(function (day, i) {
    if (day.date === wanted) start = i;
  });
  show(start);
})();
