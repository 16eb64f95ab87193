// The operator dashboard: polls /api/dashboard every second and /api/worklist every two, and draws the figures with
// the vendored Chart.js. Everything comes from this server (loopback); nothing from elsewhere.
'use strict';

const NUMBER = new Intl.NumberFormat('en-US');
const PATHS = ['wisun', 'plc', 'relay'];
const COLOURS = { wisun: '#2f7ed8', plc: '#8bbc21', relay: '#f28f43', budget: '#b3261e', latency: '#5b6876' };
let collectionChart, deliveryChart;
let worklistRows = [];
let lastOk = 0;

const n = v => NUMBER.format(v);
const text = (id, v) => { document.getElementById(id).textContent = v; };
const pct = v => (v * 100).toFixed(1) + ' %';

function charts() {
  Chart.defaults.animation = false;
  collectionChart = new Chart(document.getElementById('chart-collection'), {
    type: 'bar',
    data: { labels: [], datasets: PATHS.map(p => ({ label: p, data: [], backgroundColor: COLOURS[p] })) },
    options: { maintainAspectRatio: false, scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } } },
  });
  deliveryChart = new Chart(document.getElementById('chart-delivery'), {
    type: 'line',
    data: { labels: [], datasets: [
      { label: 'slot end → files published', data: [], borderColor: COLOURS.latency, backgroundColor: COLOURS.latency },
      { label: '60-minute budget', data: [], borderColor: COLOURS.budget, borderDash: [6, 4], pointRadius: 0 },
    ] },
    options: { maintainAspectRatio: false, scales: { y: { min: 0, suggestedMax: 70, title: { display: true, text: 'minutes' } } } },
  });
}

function show(d) {
  text('clock', d.clock.replace('T', ' ').replace('Z', ' UTC'));
  text('readings-journaled', n(d.readings.journaled));
  text('readings-duplicates', n(d.readings.duplicatesDropped));
  text('readings-rejected', n(d.readings.rejected));
  const c = d.collected;
  text('collection-slots', n(d.collection.length));
  text('collection-received', c.expected === 0 ? '–' : pct((c.firstTry + c.recovered) / c.expected));
  text('collection-first', n(c.firstTry));
  text('collection-recovered', n(c.recovered));
  text('collection-missing', n(c.missing));
  text('values-stored', n(d.values.stored));
  text('values-present', n(d.values.present));
  text('values-estimated', n(d.values.estimated));
  text('values-missing', n(d.values.missing));
  text('files-published', n(d.files.published));
  text('files-retailers', Object.entries(d.files.perRetailer).map(([r, k]) => `${r} ${n(k)}`).join(', '));
  text('delivery-within', d.delivery.samples === 0 ? '–' : pct(d.delivery.withinBudget));
  text('delivery-p50', d.delivery.p50Minutes.toFixed(1));
  text('delivery-p99', d.delivery.p99Minutes.toFixed(1));
  text('delivery-max', d.delivery.maxMinutes.toFixed(1));
  text('delivery-samples', n(d.delivery.samples));
  text('mdms-backlog', n(d.mdms.journalBacklog));
  text('mdms-last', d.mdms.lastFinalized || 'none yet');
  text('mdms-minutes', d.mdms.finalizeMinutes.toFixed(1));
  text('front-refusals', n(d.front.refusals));
  text('front-reasons', Object.entries(d.front.byReason).map(([r, k]) => `${r.replaceAll('_', ' ')} ${n(k)}`).join(', ') || 'none');

  collectionChart.data.labels = d.collection.map(s => s.slot);
  collectionChart.data.datasets.forEach((ds, i) => {
    ds.data = d.collection.map(s => {
      const p = s.byPath[PATHS[i]];
      return p && p.expected > 0 ? +(100 * (p.firstTry + p.recovered) / p.expected).toFixed(2) : null;
    });
  });
  collectionChart.update();
  deliveryChart.data.labels = d.delivery.bySlot.map(s => s.slot);
  deliveryChart.data.datasets[0].data = d.delivery.bySlot.map(s => s.minutes);
  deliveryChart.data.datasets[1].data = d.delivery.bySlot.map(() => d.delivery.budgetMinutes);
  deliveryChart.update();
}

async function poll() {
  try {
    const res = await fetch('/api/dashboard', { cache: 'no-store' });
    if (res.ok) {
      show(await res.json());
      lastOk = Date.now();
    }
  } catch (e) {
    // the services may have stopped: the figures stay, marked stale below
  }
  const live = document.getElementById('live');
  const fresh = Date.now() - lastOk < 3000;
  live.textContent = fresh ? 'live' : 'not updating';
  live.classList.toggle('stale', !fresh);
}

async function pollWorklist() {
  const slots = document.getElementById('worklist-slots').value || '1';
  try {
    const res = await fetch('/api/worklist?slots=' + encodeURIComponent(slots), { cache: 'no-store' });
    if (!res.ok) return;
    const w = await res.json();
    worklistRows = w.rows;
    renderWorklist(w);
  } catch (e) {
    // as above
  }
}

function renderWorklist(w) {
  const tbody = document.querySelector('#worklist tbody');
  tbody.replaceChildren();
  for (const r of worklistRows) {
    const tr = document.createElement('tr');
    tr.row = r;
    for (const v of [String(r.meter), r.supplyPoint || '?', r.retailer || '?', r.path, r.source, jst(r.lastSeen)]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    tr.dataset.meter = String(r.meter);
    tbody.append(tr);
  }
  filterWorklist();
  const ref = w.reference ? `up to slot ${w.reference}` : 'no slot complete yet';
  document.getElementById('worklist-status').dataset.total = String(w.total);
  document.getElementById('worklist-status').dataset.reference = w.reference || '';
  text('worklist-status', `${n(w.total)} meter(s) ${ref}` + (w.total > w.rows.length ? `, first ${n(w.rows.length)} listed` : '')
    + `; ${n(visibleRows().length)} shown`);
}

function filterWorklist() {
  const q = document.getElementById('worklist-filter').value.trim().toLowerCase();
  for (const tr of document.querySelectorAll('#worklist tbody tr')) {
    tr.classList.toggle('hidden', q !== '' && !tr.textContent.toLowerCase().includes(q));
  }
}

function visibleRows() {
  return [...document.querySelectorAll('#worklist tbody tr:not(.hidden)')];
}

/** An ISO-8601 instant as JST wall time ("2026-11-23 00:00 JST"), "never" for none. */
function jst(iso) {
  if (!iso) return 'never';
  const t = new Date(new Date(iso).getTime() + 9 * 3600 * 1000).toISOString();
  return t.slice(0, 10) + ' ' + t.slice(11, 16) + ' JST';
}

/**
 * The rows shown (after the filter) as CSV: one header line, the worklist's own values (last_seen ISO-8601 UTC,
 * empty when never; unknown supply point or retailer empty), fields quoted where needed.
 */
function exportCsv() {
  const quote = v => /[",\n]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
  const lines = ['meter,supply_point,retailer,path,source,last_seen'];
  for (const tr of visibleRows()) {
    const r = tr.row;
    lines.push([String(r.meter), r.supplyPoint || '', r.retailer || '', r.path, r.source, r.lastSeen || ''].map(quote).join(','));
  }
  const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'worklist.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

document.addEventListener('DOMContentLoaded', () => {
  charts();
  document.getElementById('worklist-slots').addEventListener('change', pollWorklist);
  document.getElementById('worklist-filter').addEventListener('input', () => {
    filterWorklist();
    const s = document.getElementById('worklist-status');
    s.textContent = s.textContent.replace(/; [\d,]+ shown$/, `; ${n(visibleRows().length)} shown`);
  });
  document.getElementById('worklist-export').addEventListener('click', exportCsv);
  poll();
  pollWorklist();
  setInterval(poll, 1000);
  setInterval(pollWorklist, 2000);
});
