(function () {
  'use strict';
  // The report page in live mode (llm-telemetry serve): cards and the event table come from the server's API, which
  // this page's cookie authorises. Every string is put on the page with textContent, never as markup.
  var PAGE_SIZE = 100;
  var API = '/api/telemetry/';
  // The helpers and charts both pages share (charts.js, which comes first in the page's script).
  var C = LlmtCharts, $ = C.$, el = C.el, usd = C.usd, count = C.count, ms = C.ms, pct = C.pct;

  // Live mode shows what the static report shows, answered by the server for the current filters: the cards (stats),
  // the cost by model, agent and project (costs), the time charts (the report document the static page embeds, from
  // the report endpoint) and the table (events, a page at a time).
  $('subtitle').textContent = 'Live from llm-telemetry serve \u00b7 all time unless a range is chosen';
  $('events-note').textContent = 'Newest first, read from the server a page at a time; cards, table and exports follow the filters.';
  $('f-from').removeAttribute('min'); $('f-to').removeAttribute('max');

  // Delete before a date: built here so the static report's page stays as it is.
  var bar = document.querySelector('.table-bar .buttons');
  var del = el('input'); del.type = 'date'; del.id = 'delete-before'; del.setAttribute('aria-label', 'Delete the raw records of the days before');
  var delBtn = el('button', null, 'Delete before date'); delBtn.type = 'button'; delBtn.id = 'delete';
  bar.appendChild(del); bar.appendChild(delBtn);
  var status = el('p', 'muted'); status.id = 'live-status'; status.setAttribute('role', 'status');
  document.querySelector('.table-bar').appendChild(status);

  function params(extra) {
    var p = new URLSearchParams();
    if ($('f-from').value) p.set('start_date', $('f-from').value);
    if ($('f-to').value) p.set('end_date', $('f-to').value);
    if ($('f-type').value) p.set('event_types', $('f-type').value);
    if ($('f-model').value) p.set('model', $('f-model').value);
    if ($('f-agent').value) p.set('agent', $('f-agent').value);
    var q = $('f-search').value.trim();
    if (q) p.set('search', q);
    if (extra) for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) p.set(k, String(extra[k]));
    return p.toString();
  }
  function get(path, query) {
    return fetch(API + path + (query ? '?' + query : ''), { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
        return body;
      });
    });
  }
  function fail(e) { status.textContent = 'Error: ' + e.message; status.setAttribute('data-error', e.message); }

  function drawCards(s) {
    var cards = [
      { key: 'cost', label: 'Total cost', value: s.cost_usd, text: usd(s.cost_usd), sub: s.unpriced_calls > 0 ? 'excludes ' + count(s.unpriced_calls) + ' unpriced calls' : 'all calls priced' },
      { key: 'calls', label: 'Calls', value: s.calls, text: count(s.calls), sub: count(s.sessions) + ' sessions' },
      { key: 'tokens', label: 'Tokens', value: s.total_tokens, text: count(s.total_tokens), sub: 'in ' + count(s.input_tokens) + ' \u00b7 out ' + count(s.output_tokens) },
      { key: 'success', label: 'Success rate', value: s.success_rate, text: pct(s.success_rate), sub: count(s.failed_calls) + ' failed' },
      { key: 'latency', label: 'Avg latency', value: s.avg_duration_ms, text: ms(s.avg_duration_ms), sub: 'per call with a duration' },
      { key: 'unpriced', label: 'Unpriced calls', value: s.unpriced_calls, text: count(s.unpriced_calls), sub: 'model without a price' }
    ];
    var box = $('cards');
    box.textContent = '';
    cards.forEach(function (c) {
      var card = el('div', 'card');
      card.setAttribute('data-card', c.key);
      card.setAttribute('data-value', c.value === null || c.value === undefined ? '' : String(c.value));
      card.appendChild(el('div', 'label', c.label));
      card.appendChild(el('div', 'value', c.text));
      card.appendChild(el('div', 'sub', c.sub));
      box.appendChild(card);
    });
  }

  // Cost by model, agent and project: the costs endpoint's rows (the same as `costs --by model --json`), biggest first.
  function drawBreakdown(target, by, q) {
    return get('costs', q + (q ? '&' : '') + 'by=' + by).then(function (body) {
      var rows = body.groups.slice().sort(function (a, b) { return b.cost_usd - a.cost_usd; }).slice(0, 10);
      var box = $(target);
      box.textContent = '';
      var t = el('table');
      t.setAttribute('data-breakdown', by);
      var head = el('tr');
      [by.charAt(0).toUpperCase() + by.slice(1), 'Cost', 'Calls'].forEach(function (h, i) {
        var th = el('th', i ? 'num' : null, h);
        th.scope = 'col';
        // The stylesheet's sticky headers are for the long event table; in these short ones they cover the rows.
        th.style.position = 'static';
        head.appendChild(th);
      });
      t.appendChild(head);
      rows.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('td', 'txt', r.key === null ? '(none)' : r.key));
        tr.appendChild(el('td', 'num', usd(r.cost_usd)));
        tr.appendChild(el('td', 'num', count(r.calls)));
        t.appendChild(tr);
      });
      if (rows.length === 0) box.appendChild(el('p', 'muted', 'No calls for these filters'));
      else box.appendChild(t);
    });
  }

  var offset = 0, next = null, rows = [], expanded = Object.create(null), generation = 0;
  function cell(tr, text, cls) { var td = el('td', cls, text); tr.appendChild(td); return td; }
  function renderRows() {
    var tb = $('rows');
    tb.textContent = '';
    rows.forEach(function (r, i) {
      var tr = el('tr');
      tr.setAttribute('data-id', r.id);
      var first = el('td');
      var btn = el('button', 'expand', expanded[r.id] ? '\u2212' : '+');
      btn.type = 'button';
      btn.setAttribute('aria-expanded', expanded[r.id] ? 'true' : 'false');
      btn.setAttribute('aria-label', expanded[r.id] ? 'Hide the record' : 'Show the full record');
      btn.setAttribute('data-index', String(i));
      first.appendChild(btn);
      tr.appendChild(first);
      cell(tr, r.timestamp);
      cell(tr, r.event_type, 'txt');
      cell(tr, r.model, 'txt');
      cell(tr, r.agent_name, 'txt');
      cell(tr, r.operation, 'txt');
      cell(tr, count(r.tokens ? r.tokens.total : 0), 'num');
      cell(tr, r.cost_usd !== null && r.cost_usd !== undefined ? usd(r.cost_usd) : r.event_type === 'llm_call' ? 'unpriced' : '', 'num');
      cell(tr, r.duration_ms === null || r.duration_ms === undefined ? '' : ms(r.duration_ms), 'num');
      var ok = cell(tr, r.success ? 'yes' : 'failed', r.success ? 'ok' : 'fail');
      if (!r.success && r.metadata && r.metadata.error) ok.title = r.metadata.error;
      tb.appendChild(tr);
      if (expanded[r.id]) {
        var d = el('tr', 'detail'), td = el('td');
        td.colSpan = 10;
        td.appendChild(el('pre', 'record', JSON.stringify(r, null, 2)));
        d.appendChild(td);
        tb.appendChild(d);
      }
    });
    $('count').textContent = rows.length === 0 ? 'No matching events' : 'Showing ' + count(offset + 1) + '\u2013' + count(offset + rows.length) + (next === null ? ' (the last page)' : '');
    $('count').setAttribute('data-offset', String(offset));
    $('count').setAttribute('data-rows', String(rows.length));
    $('page').textContent = 'Page ' + count(Math.floor(offset / PAGE_SIZE) + 1);
    $('prev').disabled = offset === 0;
    $('next').disabled = next === null;
  }
  function loadPage(at) {
    var mine = ++generation;
    document.body.setAttribute('data-loading', 'true');
    return get('events', params({ limit: PAGE_SIZE, offset: at })).then(function (body) {
      if (mine !== generation) return;
      offset = at; rows = body.events; next = body.next;
      renderRows();
      document.body.setAttribute('data-loading', 'false');
    }).catch(fail);
  }
  function reload() {
    status.textContent = '';
    var q = params();
    $('export-csv').setAttribute('data-href', API + 'export?' + params({ format: 'csv' }));
    $('export-jsonl').setAttribute('data-href', API + 'export?' + params({ format: 'jsonl' }));
    return Promise.all([get('stats', q).then(drawCards), drawBreakdown('by-model', 'model', q), drawBreakdown('by-agent', 'agent', q),
      drawBreakdown('by-project', 'project', q), get('report', q).then(C.drawTimeCharts), loadPage(0)]).then(function () {
      document.body.setAttribute('data-query', q);
    }).catch(fail);
  }

  function fillOptions(select, by) {
    return get('costs', 'by=' + by).then(function (body) {
      body.groups.forEach(function (g) {
        if (g.key === null) return;
        var o = el('option', null, g.key); o.value = g.key; select.appendChild(o);
      });
    });
  }
  function fillTypes() {
    // Event types are few: the newest page names the ones in use.
    return get('events', 'limit=' + 10000).then(function (body) {
      var seen = Object.create(null);
      body.events.forEach(function (e) { seen[e.event_type] = 1; });
      Object.keys(seen).sort().forEach(function (t) { var o = el('option', null, t); o.value = t; $('f-type').appendChild(o); });
    });
  }

  $('rows').addEventListener('click', function (e) {
    var btn = e.target.closest ? e.target.closest('button.expand') : null;
    if (!btn) return;
    var r = rows[+btn.getAttribute('data-index')];
    if (expanded[r.id]) delete expanded[r.id]; else expanded[r.id] = true;
    renderRows();
  });
  $('prev').addEventListener('click', function () { if (offset > 0) loadPage(Math.max(0, offset - PAGE_SIZE)); });
  $('next').addEventListener('click', function () { if (next !== null) loadPage(next); });
  ['f-from', 'f-to', 'f-type', 'f-model', 'f-agent'].forEach(function (id) { $(id).addEventListener('change', reload); });
  var timer = 0;
  $('f-search').addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(reload, 250); });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); reload(); });
  $('filters').addEventListener('reset', function () { setTimeout(reload, 0); });

  // Exports are the server's: a download of every record the filters select, not just this page.
  function download(button) {
    var a = el('a');
    a.href = button.getAttribute('data-href');
    a.download = '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  $('export-csv').addEventListener('click', function () { download($('export-csv')); });
  $('export-jsonl').addEventListener('click', function () { download($('export-jsonl')); });

  delBtn.addEventListener('click', function () {
    var day = del.value;
    if (!day) { status.textContent = 'Choose the date first: the raw records of the days before it are deleted.'; return; }
    if (!window.confirm('Delete the raw records of every day before ' + day + '? Their daily totals stay in history. This cannot be undone.')) return;
    fetch(API + 'events?before_date=' + encodeURIComponent(day), { method: 'DELETE', credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error); return b; }); })
      .then(function (b) {
        return reload().then(function () {
          status.textContent = 'Deleted ' + count(b.records_deleted) + ' records in ' + count(b.deleted_files) + ' day(s) before ' + day + '.';
          status.setAttribute('data-deleted', String(b.records_deleted));
        });
      }).catch(fail);
  });

  Promise.all([fillOptions($('f-model'), 'model'), fillOptions($('f-agent'), 'agent'), fillTypes()]).catch(fail);
  reload().then(function () { document.body.setAttribute('data-ready', 'true'); });
})();
