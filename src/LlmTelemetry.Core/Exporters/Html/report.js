(function () {
  'use strict';
  // Every string from the data is put on the page with textContent or as an SVG text node: never as markup.
  var t0 = performance.now();
  var PAGE_SIZE = 100;
  var report = JSON.parse(document.getElementById('llmt-report').textContent);
  var table = JSON.parse(document.getElementById('llmt-events').textContent);
  var tParsed = performance.now();
  // Events come as one array per record (fields in table.fields order) with repeated names as indexes into
  // table.strings; record() rebuilds the stored record for the rows that are expanded or exported.
  var events = table.rows, S = table.strings, F = {}, INTERNED = {};
  table.fields.forEach(function (f, i) { F[f] = i; });
  table.interned.forEach(function (f) { INTERNED[f] = true; });
  function val(row, f) {
    var v = row[F[f]];
    return v === null || v === undefined ? null : INTERNED[f] ? S[v] : v;
  }
  function record(row) {
    var md = { project: val(row, 'project'), git_branch: val(row, 'git_branch'), host: val(row, 'host'), error: val(row, 'error'), source: val(row, 'source') };
    var extra = row[F.extra];
    if (extra) for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) md[k] = extra[k];
    return {
      v: row[F.v], id: row[F.id], timestamp: row[F.timestamp], event_type: val(row, 'event_type'), provider: val(row, 'provider'),
      model: val(row, 'model'), agent_name: val(row, 'agent_name'), operation: val(row, 'operation'), session_id: val(row, 'session_id'),
      user_id: val(row, 'user_id'), duration_ms: row[F.duration_ms],
      tokens: { input: row[F.input], output: row[F.output], cache_creation_input: row[F.cache_creation_input],
        cache_creation_1h_input: row[F.cache_creation_1h_input], cache_read_input: row[F.cache_read_input], reasoning: row[F.reasoning], total: row[F.total] },
      cost_usd: row[F.cost_usd], success: row[F.success] === 1, prompt_hash: row[F.prompt_hash], response_hash: row[F.response_hash],
      metadata: md, payload: row[F.payload]
    };
  }


  // The helpers and charts both pages share (charts.js, which comes first in the page's script).
  var C = LlmtCharts, $ = C.$, el = C.el, usd = C.usd, count = C.count, ms = C.ms, pct = C.pct, short = C.short, nf1 = C.nf1;
  // ---- header ----
  var range = report.range, prev = report.previous_range;
  $('subtitle').textContent = range.since + ' to ' + range.until + ' (' + range.days + (range.days === 1 ? ' day' : ' days') + ', ' + report.zone +
    ') \u00b7 compared with ' + prev.since + ' to ' + prev.until + ' \u00b7 generated ' + report.generated;
  var capText = '';
  if (report.events.capped) {
    capText = 'The table holds the newest ' + count(report.events.embedded) + ' of ' + count(report.events.total) +
      ' events (the cap is ' + count(report.events.max) + '). Cards and charts cover all events in the range.';
  }
  if (report.skipped_lines > 0) capText += (capText ? ' ' : '') + count(report.skipped_lines) + ' unreadable lines in the store were skipped.';
  // Present only when the range reaches days whose raw records are gone: the core's notices, completed here.
  var history = report.history;
  function sentence(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  if (history && history.not_searched) capText += (capText ? ' ' : '') + sentence(history.not_searched) + '.';
  if (capText) { $('cap').textContent = capText; $('cap').hidden = false; }
  $('events-note').textContent = 'Newest first, times in ' + report.zone + '. The table holds up to ' + count(report.events.max) +
    ' events (here ' + count(report.events.embedded) + ' of ' + count(report.events.total) + '); filters and exports apply to those.' +
    (history ? ' ' + sentence(history.listing) + ': the cards and charts include them, this table does not.' : '');

  // ---- cards ----
  var cur = report.current, old = report.previous;
  function delta(a, b, kind) {
    if (a === null || b === null || a === undefined || b === undefined) return { text: 'no data for the previous period', dir: '' };
    if (kind === 'rate') {
      var d = (a - b) * 100;
      if (Math.abs(d) < 0.05) return { text: 'no change vs previous period', dir: '' };
      return { text: (d > 0 ? '+' : '\u2212') + nf1.format(Math.abs(d)) + ' pts vs previous period', dir: d > 0 ? 'up' : 'down' };
    }
    if (b === 0) return a === 0 ? { text: 'no change vs previous period', dir: '' } : { text: 'new (previous period: 0)', dir: 'up' };
    var p = (a - b) / b * 100;
    if (Math.abs(p) < 0.05) return { text: 'no change vs previous period', dir: '' };
    return { text: (p > 0 ? '+' : '\u2212') + nf1.format(Math.abs(p)) + '% vs previous period', dir: p > 0 ? 'up' : 'down' };
  }
  var cards = [
    { key: 'cost', label: 'Total cost', value: cur.cost_usd, text: usd(cur.cost_usd), prev: old.cost_usd,
      sub: cur.unpriced_calls > 0 ? 'excludes ' + count(cur.unpriced_calls) + ' unpriced calls' : 'all calls priced' },
    { key: 'calls', label: 'Calls', value: cur.calls, text: count(cur.calls), prev: old.calls, neutral: true, sub: count(cur.sessions) + ' sessions' },
    { key: 'tokens', label: 'Tokens', value: cur.total_tokens, text: short(cur.total_tokens), prev: old.total_tokens, neutral: true,
      sub: 'in ' + short(cur.input_tokens) + ' \u00b7 out ' + short(cur.output_tokens) + ' \u00b7 cache read ' + short(cur.cache_read_input_tokens) + ' \u00b7 cache write ' + short(cur.cache_creation_input_tokens) },
    { key: 'success', label: 'Success rate', value: cur.success_rate, text: pct(cur.success_rate), prev: old.success_rate, kind: 'rate', goodUp: true,
      sub: count(cur.failed_calls) + ' failed' },
    { key: 'p95', label: 'p95 latency', value: cur.p95_ms, text: ms(cur.p95_ms), prev: old.p95_ms, sub: 'p50 ' + ms(cur.p50_ms) + ' \u00b7 p99 ' + ms(cur.p99_ms) },
    { key: 'unpriced', label: 'Unpriced calls', value: cur.unpriced_calls, text: count(cur.unpriced_calls), prev: old.unpriced_calls, sub: 'model without a price' }
  ];
  cards.forEach(function (c) {
    var card = el('div', 'card');
    card.setAttribute('data-card', c.key);
    card.setAttribute('data-value', c.value === null ? '' : String(c.value));
    card.appendChild(el('div', 'label', c.label));
    card.appendChild(el('div', 'value', c.text));
    card.appendChild(el('div', 'sub', c.sub));
    var d = delta(c.value, c.prev, c.kind);
    // Colour says good or bad: more cost, latency or unpriced calls is bad, a higher success rate good; volume is neither.
    var dn = el('div', 'delta ' + (c.neutral ? '' : d.dir + (c.goodUp ? ' goodup' : '')), d.text);
    card.appendChild(dn);
    $('cards').appendChild(card);
  });

  C.drawTimeCharts(report);
  C.drawShares('by-model', report.by_model, 'model');
  C.drawShares('by-agent', report.by_agent, 'agent');
  C.drawShares('by-project', report.by_project, 'project');

  // ---- event table ----
  // Options carry the string's index, so filtering compares numbers.
  function fillDistinct(select, field) {
    var col = F[field], seen = Object.create(null), found = [];
    for (var i = 0; i < events.length; i++) { var v = events[i][col]; if (v !== null && !seen[v]) { seen[v] = 1; found.push(v); } }
    found.sort(function (a, b) { return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0; });
    found.forEach(function (v) { var o = el('option', null, S[v]); o.value = String(v); select.appendChild(o); });
  }
  fillDistinct($('f-type'), 'event_type');
  fillDistinct($('f-model'), 'model');
  fillDistinct($('f-agent'), 'agent_name');
  $('f-from').min = $('f-to').min = range.since;
  $('f-from').max = $('f-to').max = range.until;

  var searchText = null; // built on the first search: one lower-cased JSON string per event
  var filtered = [], page = 0, expanded = Object.create(null);

  function applyFilters() {
    var from = $('f-from').value, to = $('f-to').value;
    var type = num$('f-type'), model = num$('f-model'), agent = num$('f-agent');
    var cType = F.event_type, cModel = F.model, cAgent = F.agent_name, cTime = F.t;
    var q = $('f-search').value.trim().toLowerCase();
    if (q && !searchText) searchText = events.map(rowText);
    var out = [];
    for (var i = 0; i < events.length; i++) {
      var row = events[i];
      if (type !== null && row[cType] !== type) continue;
      if (model !== null && row[cModel] !== model) continue;
      if (agent !== null && row[cAgent] !== agent) continue;
      if (from || to) { var d = row[cTime].slice(0, 10); if ((from && d < from) || (to && d > to)) continue; }
      if (q && searchText[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    filtered = out;
    page = 0;
    render();
  }

  function num$(id) { var v = $(id).value; return v === '' ? null : +v; }
  // Every value of the record (names resolved, payload as JSON), lower-cased: what the free-text search looks in.
  // Built once, on the first search, straight from the row arrays (no record objects) to keep it fast at 50,000 rows.
  var internedCol = table.fields.map(function (f) { return !!INTERNED[f]; });
  function rowText(row) {
    var s = '';
    for (var c = 0; c < row.length; c++) {
      var v = row[c];
      if (v === null) continue;
      s += (internedCol[c] ? S[v] : typeof v === 'object' ? JSON.stringify(v) : v) + '\u0001';
    }
    return s.toLowerCase();
  }
  function cell(tr, text, cls) { var td = el('td', cls, text); tr.appendChild(td); return td; }
  function render() {
    var tb = $('rows');
    var pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    if (page >= pages) page = pages - 1;
    var start = page * PAGE_SIZE, end = Math.min(filtered.length, start + PAGE_SIZE);
    var frag = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var idx = filtered[k], row = events[idx], r = record(row);
      var tr = el('tr');
      tr.setAttribute('data-id', r.id);
      var first = el('td');
      var btn = el('button', 'expand', expanded[idx] ? '\u2212' : '+');
      btn.type = 'button';
      btn.setAttribute('aria-expanded', expanded[idx] ? 'true' : 'false');
      btn.setAttribute('aria-controls', 'd' + idx);
      btn.setAttribute('aria-label', expanded[idx] ? 'Hide the record' : 'Show the full record');
      btn.setAttribute('data-index', String(idx));
      first.appendChild(btn);
      tr.appendChild(first);
      cell(tr, row[F.t]);
      cell(tr, r.event_type, 'txt');
      cell(tr, r.model, 'txt');
      cell(tr, r.agent_name, 'txt');
      cell(tr, r.operation, 'txt');
      cell(tr, count(r.tokens ? r.tokens.total : 0), 'num');
      // Only a call without a price is "unpriced"; other events carry no cost of their own.
      cell(tr, r.cost_usd !== null ? usd(r.cost_usd) : r.event_type === 'llm_call' ? 'unpriced' : '', 'num');
      cell(tr, r.duration_ms === null || r.duration_ms === undefined ? '' : ms(r.duration_ms), 'num');
      var ok = cell(tr, r.success ? 'yes' : 'failed', r.success ? 'ok' : 'fail');
      if (!r.success && r.metadata && r.metadata.error) ok.title = r.metadata.error;
      frag.appendChild(tr);
      if (expanded[idx]) frag.appendChild(detailRow(idx));
    }
    tb.textContent = '';
    tb.appendChild(frag);
    var shown = filtered.length === 0 ? 'No matching events' :
      'Showing ' + count(start + 1) + '\u2013' + count(end) + ' of ' + count(filtered.length) + ' matching events';
    $('count').textContent = shown + (filtered.length === events.length ? '' : ' (' + count(events.length) + ' in the table)');
    $('count').setAttribute('data-count', String(filtered.length));
    $('page').textContent = 'Page ' + count(page + 1) + ' of ' + count(pages);
    $('prev').disabled = page === 0;
    $('next').disabled = page >= pages - 1;
  }

  function detailRow(idx) {
    var r = record(events[idx]);
    var tr = el('tr', 'detail');
    tr.id = 'd' + idx;
    var td = el('td');
    td.colSpan = 10;
    var grid = el('div', 'detail-grid');
    var a = el('div'); a.appendChild(el('h3', null, 'Record')); a.appendChild(el('pre', 'record', JSON.stringify(r, null, 2)));
    var b = el('div'); b.appendChild(el('h3', null, 'Payload'));
    b.appendChild(el('pre', 'payload', r.payload === null || r.payload === undefined ? '(none)' : JSON.stringify(r.payload, null, 2)));
    grid.appendChild(a); grid.appendChild(b);
    td.appendChild(grid);
    tr.appendChild(td);
    return tr;
  }

  $('rows').addEventListener('click', function (e) {
    var btn = e.target.closest ? e.target.closest('button.expand') : null;
    if (!btn) return;
    var idx = +btn.getAttribute('data-index');
    if (expanded[idx]) delete expanded[idx]; else expanded[idx] = true;
    render();
    var again = document.querySelector('button.expand[data-index="' + idx + '"]');
    if (again) again.focus();
  });
  $('prev').addEventListener('click', function () { if (page > 0) { page--; render(); } });
  $('next').addEventListener('click', function () { page++; render(); });
  ['f-from', 'f-to', 'f-type', 'f-model', 'f-agent'].forEach(function (id) { $(id).addEventListener('change', applyFilters); });
  var timer = 0;
  $('f-search').addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(applyFilters, 150); });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); applyFilters(); });
  $('filters').addEventListener('reset', function () { setTimeout(applyFilters, 0); });

  // ---- exports: the filtered rows, built here and saved as a Blob (no server, no network) ----
  function num(v) { return v === null || v === undefined ? null : String(v); }
  function costText(v) {
    if (v === null || v === undefined) return null;
    var s = v.toFixed(10);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  }
  // Same columns and formatting as the core's FlatRecord, so the page's CSV equals `export --format csv`.
  function flat(r) {
    var t = r.tokens || {}, m = r.metadata || {};
    var payload = r.payload === null || r.payload === undefined ? null : JSON.stringify(r.payload);
    if (payload === '{}' || payload === 'null') payload = null;
    return [r.id, r.timestamp, r.event_type, r.provider, r.model, r.agent_name, r.operation, r.session_id, r.user_id,
      num(r.duration_ms), num(t.input), num(t.output), num(t.cache_creation_input), num(t.cache_creation_1h_input),
      num(t.cache_read_input), num(t.reasoning), num(t.total), costText(r.cost_usd), r.success ? 'true' : 'false',
      m.error, m.project, m.git_branch, m.host, m.source, r.prompt_hash, r.response_hash, payload];
  }
  // As RecordExporter.AppendCsv: a text cell starting with = + - @ tab or CR gets a leading ' (OWASP, CSV formula
  // injection); the number columns the core lists are ours and stay numbers.
  var numberColumn = {};
  (report.number_columns || []).forEach(function (i) { numberColumn[i] = true; });
  function csvCell(v, i) {
    if (v === null || v === undefined) return '';
    v = String(v);
    if (!numberColumn[i] && /^[=+\-@\t\r]/.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function download(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }
  var baseName = 'llm-telemetry-' + range.since + '-' + range.until;
  $('export-csv').addEventListener('click', function () {
    var lines = [report.columns.join(',')];
    filtered.forEach(function (i) { lines.push(flat(record(events[i])).map(csvCell).join(',')); });
    download(lines.join('\r\n') + '\r\n', baseName + '.csv', 'text/csv');
  });
  $('export-jsonl').addEventListener('click', function () {
    var out = '';
    filtered.forEach(function (i) { out += JSON.stringify(record(events[i])) + '\n'; });
    download(out, baseName + '.jsonl', 'application/x-ndjson');
  });

  applyFilters();
  window.llmtTimings = { parseMs: tParsed - t0, renderMs: performance.now() - tParsed, totalMs: performance.now() - t0, events: events.length };
})();
