// The report page's charts and the helpers they draw with, shared by the static report (report.js) and its live mode
// (live.js, llm-telemetry serve): each chart draws one report document, as HtmlReportData writes it, into its box,
// replacing what was there. Every string from the data is put on the page with textContent or as an SVG text node.
var LlmtCharts = (function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var nf0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  var nf1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function usd(v) {
    if (v === null || v === undefined) return '\u2013';
    var digits = Math.abs(v) >= 1 || v === 0 ? 2 : 4;
    return '$' + new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  }
  function count(v) { return v === null || v === undefined ? '\u2013' : nf0.format(v); }
  function ms(v) {
    if (v === null || v === undefined) return '\u2013';
    if (v >= 60000) return nf1.format(v / 60000) + ' min';
    if (v >= 1000) return nf1.format(v / 1000) + ' s';
    return nf0.format(v) + ' ms';
  }
  function pct(v) { return v === null || v === undefined ? '\u2013' : nf1.format(v * 100) + '%'; }
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return nf1.format(v / 1e9) + 'B';
    if (a >= 1e6) return nf1.format(v / 1e6) + 'M';
    if (a >= 1e3) return nf1.format(v / 1e3) + 'k';
    return nf0.format(v);
  }
  function svgRoot(width, height, title, desc) {
    var id = 'c' + Math.random().toString(36).slice(2, 9);
    var root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': id + 't ' + id + 'd', preserveAspectRatio: 'xMinYMin meet' });
    root.appendChild(svg('title', { id: id + 't' }, title));
    root.appendChild(svg('desc', { id: id + 'd' }, desc));
    return root;
  }

  // ---- tooltip ----
  var tip = $('tooltip');
  function showTip(text, x, y) {
    tip.textContent = text;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(window.innerWidth - w - 4, x + 12)) + 'px';
    tip.style.top = Math.max(4, y - h - 10) + 'px';
  }
  function hideTip() { tip.hidden = true; }
  function withTip(node, text, noFocus) {
    // 168 heatmap cells as tab stops would bury the table: those get the label but no tab stop.
    if (!noFocus) node.setAttribute('tabindex', '0');
    node.setAttribute('aria-label', text.replace(/\n/g, '; '));
    node.addEventListener('mousemove', function (e) { showTip(text, e.clientX, e.clientY); });
    node.addEventListener('mouseleave', hideTip);
    node.addEventListener('focus', function () { var r = node.getBoundingClientRect(); showTip(text, r.left + r.width / 2, r.top); });
    node.addEventListener('blur', hideTip);
  }

  // ---- cost per day, stacked by model ----
  // Axis top and tick step: 4 or 5 steps of 1, 2, 2.5 or 5 times a power of ten.
  function niceScale(v) {
    if (!(v > 0)) return { top: 1, step: 0.25 };
    var raw = v / 4, p = Math.pow(10, Math.floor(Math.log10(raw))), n = raw / p;
    var step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * p;
    return { top: Math.ceil(v / step - 1e-9) * step, step: step };
  }
  function axisUsd(v) {
    return '$' + new Intl.NumberFormat(undefined, { minimumFractionDigits: v >= 100 ? 0 : 2, maximumFractionDigits: v >= 100 ? 0 : 4 }).format(v);
  }
  function drawDaily(report) {
    var daily = report.daily, days = daily.days, series = daily.series, range = report.range;
    $('daily').textContent = '';
    $('daily-legend').textContent = '';
    var W = 1200, H = 280, L = 64, R = 10, T = 12, B = 40;
    var totals = days.map(function (_, i) { return series.reduce(function (s, x) { return s + x.cost_usd[i]; }, 0); });
    var scale = niceScale(Math.max.apply(null, totals.concat([0]))), top = scale.top;
    var root = svgRoot(W, H, 'Cost per day by model', 'Stacked bars, one per local day from ' + range.since + ' to ' + range.until + '; highest day ' + usd(Math.max.apply(null, totals.concat([0]))) + '.');
    var plotW = W - L - R, plotH = H - T - B;
    for (var g = 0; g <= top + 1e-12; g += scale.step) {
      var y = T + plotH - plotH * g / top;
      root.appendChild(svg('line', { x1: L, x2: W - R, y1: y, y2: y, 'class': 'gridline' }));
      root.appendChild(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, axisUsd(g)));
    }
    root.appendChild(svg('text', { x: 12, y: T + plotH / 2, transform: 'rotate(-90 12 ' + (T + plotH / 2) + ')', 'text-anchor': 'middle' }, 'USD'));
    var slot = plotW / Math.max(days.length, 1), bw = Math.max(1, Math.min(40, slot * 0.75));
    var labelEvery = Math.ceil(days.length / 14);
    days.forEach(function (day, i) {
      var x = L + slot * i + (slot - bw) / 2, y = T + plotH;
      var lines = [day + ': ' + usd(totals[i])];
      series.forEach(function (s, k) {
        var v = s.cost_usd[i];
        if (v > 0 || s.calls[i] > 0) lines.push(s.name + ': ' + usd(v) + ' (' + count(s.calls[i]) + ' calls)');
        if (v <= 0) return;
        var h = plotH * v / top;
        y -= h;
        root.appendChild(svg('rect', { x: x, y: y, width: bw, height: Math.max(h, 0.5), 'class': 's' + (k % 8) }));
      });
      var hit = svg('rect', { x: L + slot * i, y: T, width: slot, height: plotH, 'class': 'hit', 'data-day': day });
      withTip(hit, lines.join('\n'));
      root.appendChild(hit);
      if (i % labelEvery === 0) root.appendChild(svg('text', { x: L + slot * i + slot / 2, y: H - B + 16, 'text-anchor': 'middle' }, day.slice(5)));
    });
    root.appendChild(svg('text', { x: L + plotW / 2, y: H - 4, 'text-anchor': 'middle' }, 'Local day (' + report.zone + ')'));
    $('daily').appendChild(root);
    series.forEach(function (s, k) {
      var item = el('span');
      item.appendChild(el('span', 'sw s' + (k % 8)));
      item.appendChild(document.createTextNode(s.name));
      $('daily-legend').appendChild(item);
    });
  }

  // ---- shares ----
  function drawShares(target, rows, what) {
    $(target).textContent = '';
    var W = 560, rowH = 26, L = 170, R = 150, T = 4;
    var H = Math.max(rows.length, 1) * rowH + T + 4;
    var total = rows.reduce(function (s, r) { return s + r.cost_usd; }, 0);
    var root = svgRoot(W, H, 'Share of cost by ' + what, rows.map(function (r) { return r.name + ' ' + usd(r.cost_usd); }).join(', ') || 'No calls');
    if (rows.length === 0) root.appendChild(svg('text', { x: 0, y: 18, 'class': 'empty' }, 'No calls in this range'));
    var max = Math.max.apply(null, rows.map(function (r) { return r.cost_usd; }).concat([0]));
    rows.forEach(function (r, i) {
      var y = T + i * rowH;
      var name = r.name.length > 26 ? r.name.slice(0, 25) + '\u2026' : r.name;
      root.appendChild(svg('text', { x: L - 8, y: y + 16, 'text-anchor': 'end', 'class': 'bar-label' }, name));
      var w = max > 0 ? (W - L - R) * r.cost_usd / max : 0;
      root.appendChild(svg('rect', { x: L, y: y + 5, width: Math.max(w, r.cost_usd > 0 ? 1 : 0), height: rowH - 10, rx: 2, 'class': 'share-bar' }));
      var share = total > 0 ? r.cost_usd / total : 0;
      root.appendChild(svg('text', { x: L + w + 6, y: y + 16 }, usd(r.cost_usd) + ' \u00b7 ' + pct(share)));
      var hit = svg('rect', { x: 0, y: y, width: W, height: rowH, 'class': 'hit' });
      withTip(hit, r.name + '\n' + usd(r.cost_usd) + ' (' + pct(share) + ' of cost)\n' + count(r.calls) + ' calls' + (r.unpriced_calls ? ', ' + count(r.unpriced_calls) + ' unpriced' : ''));
      root.appendChild(hit);
    });
    $(target).appendChild(root);
  }

  // ---- heatmap ----
  var WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  function drawHeatmap(report, measure) {
    var grid = report.heatmap[measure];
    var W = 1200, L = 44, T = 18, cw = (W - L - 4) / 24, ch = 26, H = T + ch * 7 + 4;
    var max = 0;
    grid.forEach(function (row) { row.forEach(function (v) { if (v > max) max = v; }); });
    var label = measure === 'calls' ? 'calls' : 'cost';
    var root = svgRoot(W, H, (measure === 'calls' ? 'Calls' : 'Cost') + ' by weekday and local hour', 'Heatmap of ' + label + ' per weekday (rows, Monday first) and hour of the day (columns, ' + report.zone + ').');
    for (var hh = 0; hh < 24; hh += 2) root.appendChild(svg('text', { x: L + hh * cw + cw / 2, y: 12, 'text-anchor': 'middle' }, (hh < 10 ? '0' : '') + hh + ':00'));
    grid.forEach(function (row, d) {
      root.appendChild(svg('text', { x: L - 8, y: T + d * ch + ch / 2 + 4, 'text-anchor': 'end' }, WEEKDAYS[d]));
      row.forEach(function (v, h) {
        var a = max > 0 ? v / max : 0;
        // Opacity over a theme colour (not a computed rgb) so the cells follow a live light/dark switch.
        var cell = svg('rect', { x: L + h * cw, y: T + d * ch, width: cw, height: ch, rx: 3, 'class': v > 0 ? 'heat-cell' : 'heat-cell zero' });
        if (v > 0) cell.setAttribute('fill-opacity', (0.15 + 0.85 * Math.sqrt(a)).toFixed(3));
        withTip(cell, WEEKDAYS[d] + ' ' + (h < 10 ? '0' : '') + h + ':00\u2013' + (h < 9 ? '0' : '') + (h + 1) + ':00\n' + (measure === 'calls' ? count(v) + ' calls' : usd(v)), true);
        root.appendChild(cell);
      });
    });
    var box = $('heatmap');
    box.textContent = '';
    box.appendChild(root);
  }
  // The measure the heatmap shows follows its radio buttons, for whichever report was drawn last.
  var shown = null;
  function heatMeasure() {
    var checked = document.querySelector('input[name=heat]:checked');
    return checked ? checked.value : 'calls';
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[name=heat]'), function (r) {
    r.addEventListener('change', function () { if (r.checked && shown) drawHeatmap(shown, r.value); });
  });

  // ---- latency ----
  function drawLatency(report) {
    var lat = report.latency, bins = lat.bins;
    $('latency').textContent = '';
    var W = 560, H = 250, L = 48, R = 10, T = 40, B = 36;
    var root = svgRoot(W, H, 'Latency distribution', count(lat.count) + ' calls with a duration; p50 ' + ms(lat.p50_ms) + ', p95 ' + ms(lat.p95_ms) + ', p99 ' + ms(lat.p99_ms) + '.');
    if (bins.length === 0) {
      root.appendChild(svg('text', { x: 0, y: 18, 'class': 'empty' }, 'No call durations in this range'));
      $('latency').appendChild(root);
      return;
    }
    var plotW = W - L - R, plotH = H - T - B;
    var lo = Math.log(Math.max(bins[0].low_ms, 1)), hi = Math.log(Math.max(bins[bins.length - 1].high_ms, bins[0].low_ms + 1, 2));
    if (hi <= lo) hi = lo + 1;
    function xOf(v) { return L + plotW * (Math.log(Math.max(v, 1)) - lo) / (hi - lo); }
    var scale = niceScale(Math.max(4, Math.max.apply(null, bins.map(function (b) { return b.count; })))), top = scale.top;
    for (var g = 0; g <= top + 1e-12; g += scale.step) {
      var y = T + plotH - plotH * g / top;
      root.appendChild(svg('line', { x1: L, x2: W - R, y1: y, y2: y, 'class': 'gridline' }));
      root.appendChild(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, short(g)));
    }
    bins.forEach(function (b) {
      var x0 = xOf(b.low_ms), x1 = bins.length === 1 ? L + plotW : xOf(b.high_ms), h = plotH * b.count / top;
      root.appendChild(svg('rect', { x: x0 + 0.5, y: T + plotH - h, width: Math.max(x1 - x0 - 1, 1), height: h, 'class': 'lat' }));
      var hit = svg('rect', { x: x0, y: T, width: Math.max(x1 - x0, 1), height: plotH, 'class': 'hit' });
      withTip(hit, ms(b.low_ms) + '\u2013' + ms(b.high_ms) + ': ' + count(b.count) + ' calls');
      root.appendChild(hit);
    });
    [1, 10, 100, 1000, 10000, 60000, 600000].forEach(function (v) {
      var x = xOf(v);
      if (x < L - 1 || x > L + plotW + 1) return;
      root.appendChild(svg('text', { x: x, y: H - B + 16, 'text-anchor': 'middle' }, ms(v)));
    });
    root.appendChild(svg('text', { x: L + plotW / 2, y: H - 4, 'text-anchor': 'middle' }, 'Duration (log scale)'));
    // Percentiles are often close together: each label gets its own line, on the side of its marker with more room.
    [['p50', lat.p50_ms], ['p95', lat.p95_ms], ['p99', lat.p99_ms]].forEach(function (m, i) {
      if (m[1] === null) return;
      var x = xOf(m[1]), left = x > L + plotW / 2;
      root.appendChild(svg('line', { x1: x, x2: x, y1: T - 20, y2: T + plotH, 'class': 'marker' }));
      root.appendChild(svg('text', { x: left ? x - 4 : x + 4, y: T - 10 + i * 14, 'text-anchor': left ? 'end' : 'start', 'class': 'marker-label' }, m[0] + ' ' + ms(m[1])));
    });
    $('latency').appendChild(root);
  }

  /** The time charts of a report: cost per day by model, the latency distribution and the weekday-by-hour heatmap. */
  function drawTimeCharts(report) {
    shown = report;
    drawDaily(report);
    drawLatency(report);
    drawHeatmap(report, heatMeasure());
  }

  return {
    $: $, el: el, svg: svg, usd: usd, count: count, ms: ms, pct: pct, short: short, nf0: nf0, nf1: nf1,
    svgRoot: svgRoot, withTip: withTip, drawShares: drawShares, drawTimeCharts: drawTimeCharts
  };
})();
