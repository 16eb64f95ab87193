// The retailer's download screen. Lists the caller's files from the two JSON file lists and downloads them through
// the file routes: the same calls as the API, over the same mutual-TLS connection, scoped by the front to the
// certificate's operator. No data is held in the page beyond what those lists return.
'use strict';

const LISTS = [
  { list: '/30min/FileListReceiver', file: '/30min/FileReceiver' },
  { list: '/usage/FileListReceiver', file: '/usage/FileReceiver' },
];
const USAGE_KINDS = { '12': 'monthly', '13': 'meter exchange', '14': 'special reading' };
let files = [];

/** What a delivery file name says: kind, JST date, slot (per-slot files), revision. */
function describe(name) {
  let m = /^W4(\d\d)(\d\d)(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d{4})\.zip$/.exec(name);
  if (m) {
    const [, , kind, y, mo, d, hh, mm, rev] = m;
    if (kind === '20') {
      return { kind: 'day', kindText: '30-minute, per day', date: `${y}-${mo}-${d}`, when: `${y}-${mo}-${d}`, revision: +rev };
    }
    // the name holds the slot's END; slot 48 ends at 00:00 of the next day
    let end = new Date(Date.UTC(+y, +mo - 1, +d, +hh, +mm));
    let start = new Date(end.getTime() - 30 * 60 * 1000);
    let date = start.toISOString().slice(0, 10);
    let slot = (start.getUTCHours() * 60 + start.getUTCMinutes()) / 30 + 1;
    return { kind: 'slot', kindText: '30-minute, per slot', date, when: `${date} slot ${slot}`, revision: +rev };
  }
  m = /^W5(\d\d)(\d\d)(\d{4})(\d\d)(\d\d)(\d\d)(\d{5})\.zip$/.exec(name);
  if (m) {
    const [, kind, , y, mo, d, rev] = m;
    const date = `${y}-${mo}-${d}`;
    return { kind: 'usage', kindText: 'confirmed usage, ' + (USAGE_KINDS[kind] || kind), date, when: date, revision: +rev };
  }
  return { kind: 'other', kindText: '?', date: '', when: '', revision: 0 };
}

async function load() {
  status('loading…');
  const all = [];
  for (const route of LISTS) {
    const res = await fetch(route.list, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) {
      status(`${route.list}: HTTP ${res.status}`);
      return;
    }
    const body = await res.json();
    document.getElementById('operator').textContent = body.operator;
    for (const f of body.files) {
      all.push({ ...f, ...describe(f.name), href: `${route.file}?file=${encodeURIComponent(f.name)}` });
    }
  }
  files = all;
  render();
}

function render() {
  const tbody = document.querySelector('#files tbody');
  tbody.replaceChildren();
  for (const f of files) {
    const tr = document.createElement('tr');
    tr.dataset.name = f.name;
    tr.dataset.kind = f.kind;
    tr.dataset.date = f.date;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'pick';
    box.setAttribute('aria-label', 'select ' + f.name);
    box.addEventListener('change', updateSelection);
    const link = document.createElement('a');
    link.href = f.href;
    link.download = f.name;
    link.textContent = 'download';
    link.className = 'download';
    tr.append(cell(box), cell(f.name, 'name'), cell(f.kindText), cell(f.when), cell(String(f.revision), 'num'),
      cell(f.size.toLocaleString('en-US'), 'num size'), cell(link));
    tbody.append(tr);
  }
  applyFilters();
}

function cell(content, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  if (typeof content === 'string') td.textContent = content; else td.append(content);
  return td;
}

function applyFilters() {
  const kind = document.getElementById('kind').value;
  const from = document.getElementById('from').value;
  const to = document.getElementById('to').value;
  let shown = 0;
  for (const tr of document.querySelectorAll('#files tbody tr')) {
    const d = tr.dataset.date;
    const ok = (kind === 'all' || tr.dataset.kind === kind) && (!from || d >= from) && (!to || d <= to);
    tr.classList.toggle('hidden', !ok);
    if (!ok) tr.querySelector('.pick').checked = false;
    shown += ok ? 1 : 0;
  }
  status(`${shown} of ${files.length} files shown`);
  updateSelection();
}

function selectedRows() {
  return [...document.querySelectorAll('#files tbody tr:not(.hidden)')].filter(tr => tr.querySelector('.pick').checked);
}

function updateSelection() {
  const n = selectedRows().length;
  const button = document.getElementById('download-selected');
  button.disabled = n === 0;
  button.textContent = n === 0 ? 'Download selected' : `Download selected (${n})`;
}

/** One download after the other: each is a plain link to the file route (the browser saves it under its name). */
function downloadSelected() {
  for (const tr of selectedRows()) {
    tr.querySelector('a.download').click();
  }
}

function status(text) {
  document.getElementById('status').textContent = text;
}

document.addEventListener('DOMContentLoaded', () => {
  for (const id of ['kind', 'from', 'to']) {
    document.getElementById(id).addEventListener('change', applyFilters);
  }
  document.getElementById('select-all').addEventListener('change', e => {
    for (const tr of document.querySelectorAll('#files tbody tr:not(.hidden)')) tr.querySelector('.pick').checked = e.target.checked;
    updateSelection();
  });
  document.getElementById('download-selected').addEventListener('click', downloadSelected);
  document.getElementById('reload').addEventListener('click', load);
  load().catch(e => status('failed: ' + e));
});
