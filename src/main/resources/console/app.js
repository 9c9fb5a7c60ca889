// The migration console: plain JavaScript over the REST API (docs/api.md). Every call sends the token kept in
// sessionStorage; every value from the API reaches the page as text (textContent), never as HTML.
'use strict';

const TOKEN_KEY = 'profi-migrator-api-token';
const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 5000;
// operations with a place of their own on the page rather than a row under "Start"
const OWN_PLACE = new Set(['replay', 'rollback']);
// the report a run of this kind writes: shown with the run, and opened when a run the page follows ends
const RUN_REPORTS = {
  sample: { path: 'sample-diff.html', label: 'Open the field-level diff' },
  verify: { path: 'verify.html', label: 'Open the verification report' },
};
// the rollback dialog's own button is the confirmation the operation requires
const CONFIRM_PARAM = 'confirm';

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  operations: [],
  running: null,
  selectedRun: null,
  followLatest: true,
  lastStatuses: new Map(),
  mappingSha: null,
  reports: [],
  latestOfKind: new Map(),
  reportUrl: null,
  timer: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ---- the API ---------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error + ': ' + body.detail : 'HTTP ' + status);
    this.status = status;
    this.body = body || {};
  }
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + state.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method, headers, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await res.json() : null;
  if (res.status === 401) {
    signOut('The API refused the token: ' + (data ? data.detail : 'HTTP 401'));
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function show(text, kind) {
  const m = $('message');
  m.textContent = text;
  m.className = kind || 'info';
  m.hidden = !text;
}

function showError(e) {
  if (e instanceof ApiError) show(e.body.error ? e.body.error + ': ' + e.body.detail : e.message, 'error');
  else show(String(e && e.message ? e.message : e), 'error');
}

// ---- token -----------------------------------------------------------------------------------------------------

function signOut(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  clearTimeout(state.timer);
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('connection').textContent = '';
  if (why) show(why, 'error');
}

async function connect(token) {
  state.token = token;
  try {
    await api('GET', '/api/operations');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showError(e);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  $('connection').textContent = 'connected to ' + location.host;
  show('');
  await Promise.all([refreshRuns(), loadMapping(), loadReports(), loadDeadLetters()]);
  schedule();
}

// ---- runs and progress -----------------------------------------------------------------------------------------

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + r : m + ':' + r;
}

function totals(run) {
  let landed = 0;
  let rejected = 0;
  for (const s of run.stages || []) { landed += s.landed; rejected += s.rejected; }
  return { landed, rejected };
}

async function refreshRuns() {
  const [ops, runs] = await Promise.all([api('GET', '/api/operations'), api('GET', '/api/runs?limit=15')]);
  state.operations = ops.operations;
  state.running = ops.running;
  renderOperations();
  renderRollback();
  if (state.followLatest && runs.runs.length > 0) state.selectedRun = runs.runs[0].id;
  renderRunTable(runs.runs);
  state.latestOfKind = new Map();
  for (const r of runs.runs) if (!state.latestOfKind.has(r.kind)) state.latestOfKind.set(r.kind, r.id);
  let finished = false;
  let selectedEnded = false;
  for (const r of runs.runs) {
    const before = state.lastStatuses.get(r.id);
    if (before === 'running' && r.status !== 'running') {
      finished = true;
      if (r.id === state.selectedRun) selectedEnded = true;
    }
    state.lastStatuses.set(r.id, r.status);
  }
  if (finished) await Promise.all([loadMapping(), loadReports(), loadDeadLetters()]);
  if (state.selectedRun !== null) {
    const run = await api('GET', '/api/runs/' + state.selectedRun);
    renderRunDetail(run);
    // a sample or a verification is read in its report: show it as soon as the run the page follows has ended
    const rep = selectedEnded && runReport(run);
    if (rep) await openReport(rep);
  }
  return runs.runs.some((r) => r.status === 'running') || state.running !== null;
}

function renderRunTable(runs) {
  const body = $('run-table').tBodies[0];
  body.replaceChildren(...runs.map((r) => {
    const t = totals(r);
    return el('tr', {
      class: 'clickable' + (r.id === state.selectedRun ? ' selected' : ''), dataset: { run: r.id },
      onclick: () => { state.selectedRun = r.id; state.followLatest = false; refreshNow(); },
    },
    el('td', {}, r.id), el('td', {}, r.kind), el('td', { class: 'status-' + r.status }, r.status),
    el('td', {}, new Date(r.startedAt).toLocaleString()), el('td', {}, duration(r.elapsedSeconds)),
    el('td', { class: 'num' }, t.landed.toLocaleString()), el('td', { class: 'num' }, t.rejected.toLocaleString()));
  }));
}

function renderRunDetail(run) {
  const head = el('div', { class: 'run-head' },
    el('strong', {}, 'Run ' + run.id + ' · ' + run.kind + ' · '),
    el('span', { id: 'run-status', class: 'status-' + run.status, dataset: { run: run.id, status: run.status } }, run.status),
    el('span', { class: 'muted' }, ' · ' + duration(run.elapsedSeconds) + (run.live ? ' · live' : '')));
  const parts = [head];
  if (run.error) parts.push(el('p', { class: 'bad' }, run.error));
  for (const s of run.stages || []) {
    const figures = s.done.toLocaleString() + ' / ' + s.total.toLocaleString()
      + (s.rejected ? ' (' + s.rejected.toLocaleString() + ' rejected)' : '')
      + ' · ' + s.ratePerSecond.toLocaleString() + ' rec/s · '
      + (s.state === 'done' ? 'done in ' + duration(s.elapsedSeconds)
        : s.state === 'pending' ? 'waiting' : 'ETA ' + (s.etaSeconds === null ? '?' : duration(s.etaSeconds)));
    parts.push(el('div', { class: 'stage', dataset: { stage: s.name, state: s.state } },
      el('span', {}, s.name),
      el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': s.percent,
        'aria-label': s.name },
        el('div', { style: 'width:' + s.percent + '%' })),
      el('span', { class: 'figures' }, figures)));
  }
  if ((run.stages || []).length === 0 && run.counters && Object.keys(run.counters).length > 0) {
    parts.push(el('pre', { class: 'output' }, JSON.stringify(run.counters, null, 2)));
  }
  const rep = runReport(run);
  if (rep) {
    parts.push(el('p', {}, el('button', { id: 'run-report', type: 'button', dataset: { report: rep.path }, onclick: () => openReport(rep) },
      RUN_REPORTS[run.kind].label + ' (' + rep.path + ')')));
  }
  if (run.output && run.output.length > 0) {
    parts.push(el('details', {}, el('summary', {}, 'Output'), el('pre', { class: 'output' }, run.output.join('\n'))));
  }
  $('run-detail').replaceChildren(...parts);
}

// The report of a finished sample or verify run, when it is the newest run of its kind (each writes over the last).
function runReport(run) {
  const kind = RUN_REPORTS[run.kind];
  if (!kind || run.status === 'running' || state.latestOfKind.get(run.kind) !== run.id) return null;
  return state.reports.find((r) => r.path === kind.path) || null;
}

// ---- operations ------------------------------------------------------------------------------------------------

function paramInput(op, p) {
  const id = 'param-' + op + '-' + p.name;
  const input = p.type === 'flag' ? el('input', { id, type: 'checkbox' })
    : el('input', { id, type: p.type === 'number' ? 'number' : 'text', placeholder: p.name, title: p.description });
  input.dataset.param = p.name;
  input.dataset.type = p.type;
  return el('label', { title: p.description }, p.type === 'flag' ? [input, ' ' + p.name] : input);
}

function readParams(container) {
  const params = {};
  for (const input of container.querySelectorAll('[data-param]')) {
    if (input.dataset.type === 'flag') { if (input.checked) params[input.dataset.param] = true; }
    else if (input.value.trim() !== '') {
      params[input.dataset.param] = input.dataset.type === 'number' ? Number(input.value) : input.value.trim();
    }
  }
  return params;
}

function renderOperations() {
  const busy = state.running !== null;
  const rows = state.operations.filter((o) => !OWN_PLACE.has(o.name)).map((o) => {
    const row = el('div', { class: 'operation', dataset: { operation: o.name } },
      el('div', { class: 'what' }, el('strong', {}, o.name), ' ', el('span', { class: 'muted' }, o.description)));
    o.params.forEach((p) => row.append(paramInput(o.name, p)));
    row.append(el('button', {
      type: 'button', class: 'primary', id: 'start-' + o.name, disabled: busy,
      onclick: () => start(o.name, readParams(row)),
    }, 'Start'));
    return row;
  });
  const list = $('operation-list');
  // keep what the user typed: only rebuild when the operations or the busy state changed
  const key = JSON.stringify([busy, state.operations.map((o) => o.name)]);
  if (list.dataset.key !== key) {
    list.replaceChildren(...rows);
    list.dataset.key = key;
  }
  const replayButton = $('replay');
  if (replayButton) replayButton.disabled = busy;
}

async function start(name, params) {
  try {
    const r = await api('POST', '/api/operations/' + encodeURIComponent(name), params);
    show(name + ' started' + (r.run ? ' as run ' + r.run : '') + '.', 'info');
    state.followLatest = true;
    if (r.run) state.selectedRun = r.run;
  } catch (e) {
    showError(e);
  }
  await refreshNow();
}

// ---- mapping ---------------------------------------------------------------------------------------------------

async function loadMapping() {
  let m;
  try {
    m = await api('GET', '/api/mapping');
  } catch (e) {
    if (e.status === 401) return;
    $('mapping-summary').replaceChildren(el('p', { class: 'bad' }, e.body.error ? e.body.error + ': ' + e.body.detail : e.message));
    $('mapping-approve').hidden = true;
    return;
  }
  state.mappingSha = m.sha256;
  const s = m.summary;
  const approval = m.approval
    ? el('p', { id: 'mapping-state', class: 'ok', dataset: { approved: 'true' } },
      'Approved by ' + m.approval.approvedBy + ' at ' + new Date(m.approval.approvedAt).toLocaleString())
    : el('p', { id: 'mapping-state', class: 'bad', dataset: { approved: 'false' } },
      'Not approved: nothing is written to Dynamics 365 until this exact file is approved.');
  const parts = [
    el('p', {}, el('code', {}, m.file), ' · SHA-256 ', el('code', { id: 'mapping-sha', title: m.sha256 }, m.sha256.substring(0, 16) + '…')),
    approval,
    el('p', {}, s.fieldsMapped + ' fields mapped: ', el('span', { class: 'badge high' }, s.highConfidence + ' high'), ' ',
      el('span', { class: 'badge low' }, s.lowConfidence + ' low or unrated'), ' · ' + s.skipped + ' skipped with a reason'),
  ];
  if (m.proposedFile) parts.push(el('p', { class: 'muted' }, 'A newer proposal is at ' + m.proposedFile + '.'));
  if (s.lowConfidenceFields.length > 0) {
    parts.push(el('p', {}, 'Check these (low confidence):'), el('ul', {}, s.lowConfidenceFields.map((f) => el('li', {}, f))));
  }
  if (s.undecidedValues.length > 0) {
    parts.push(el('p', {}, 'Values without a target (they follow the field\'s "unknown" rule):'),
      el('ul', {}, s.undecidedValues.map((v) => el('li', {}, v))));
  }
  $('mapping-summary').replaceChildren(...parts);
  $('mapping-approve').hidden = !!m.approval;
  $('mapping-fields').tBodies[0].replaceChildren(...m.fields.map((f) => el('tr', {},
    el('td', {}, f.object), el('td', {}, f.target), el('td', {}, f.field), el('td', {}, f.column || ''),
    el('td', {}, el('span', { class: 'badge ' + (f.confidence || 'unrated') }, f.confidence || 'unrated')),
    el('td', {}, f.reason || ''))));
}

async function approve() {
  try {
    await api('POST', '/api/mapping/approval', { sha256: state.mappingSha, approvedBy: $('approved-by').value.trim() || undefined });
    show('Mapping approved.', 'info');
  } catch (e) {
    showError(e);
  }
  await loadMapping();
}

// ---- reports ---------------------------------------------------------------------------------------------------

async function loadReports() {
  const r = await api('GET', '/api/reports');
  // the diff and verify reports first: they are what a sample or a verification is read for
  const rank = (k) => (k === 'diff' ? 0 : k === 'verify' ? 1 : 2);
  state.reports = r.reports;
  const reports = r.reports.slice().sort((a, b) => rank(a.kind) - rank(b.kind));
  $('report-list').replaceChildren(...(reports.length === 0 ? [el('li', { class: 'muted' }, 'No report yet.')]
    : reports.map((rep) => el('li', {},
      el('button', { type: 'button', class: 'link', dataset: { report: rep.path }, onclick: () => openReport(rep) }, rep.path),
      el('span', { class: 'badge kind' }, rep.kind),
      el('span', { class: 'muted' }, ' ' + new Date(rep.modifiedAt).toLocaleString() + ' · ' + rep.size.toLocaleString() + ' bytes')))));
}

async function openReport(rep) {
  try {
    const res = await fetch(rep.url, { headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' });
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    const blob = await res.blob();
    if (state.reportUrl) URL.revokeObjectURL(state.reportUrl);
    state.reportUrl = URL.createObjectURL(blob);
    $('report-title').textContent = rep.path;
    const download = $('report-download');
    download.href = state.reportUrl;
    download.download = rep.path.split('/').pop();
    const viewable = /^(text\/html|text\/plain|application\/json)/.test(blob.type);
    $('report-frame').hidden = !viewable;
    if (viewable) $('report-frame').src = state.reportUrl;
    $('report-viewer').hidden = false;
    $('report-viewer').dataset.report = rep.path;
  } catch (e) {
    showError(e);
  }
}

function closeReport() {
  $('report-viewer').hidden = true;
  $('report-frame').removeAttribute('src');
  if (state.reportUrl) URL.revokeObjectURL(state.reportUrl);
  state.reportUrl = null;
}

// ---- dead letters ----------------------------------------------------------------------------------------------

async function loadDeadLetters() {
  const d = await api('GET', '/api/dead-letters?limit=50');
  const replayable = d.counts.some((c) => c.stage.startsWith('load-'));
  const summary = [el('p', { id: 'dead-letter-open', dataset: { open: d.open } },
    d.open.toLocaleString() + ' open dead letters' + (d.more > 0 ? ' (the first ' + d.items.length + ' below)' : ''))];
  if (d.counts.length > 0) {
    summary.push(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Stage'), el('th', {}, 'Object'), el('th', { class: 'num' }, 'Open'), el('th', {}, ''))),
      el('tbody', {}, d.counts.map((c) => el('tr', {}, el('td', {}, c.stage), el('td', {}, c.objectType),
        el('td', { class: 'num' }, c.open.toLocaleString()),
        el('td', {}, c.stage.startsWith('load-')
          ? el('button', { type: 'button', class: 'link', onclick: () => replay(c.stage.substring(5)) }, 'replay this stage')
          : el('span', { class: 'muted' }, 'needs a corrected export')))))));
  }
  summary.push(el('button', { id: 'replay', type: 'button', disabled: !replayable || state.running !== null, onclick: () => replay(null) },
    'Replay all load dead letters'));
  $('dead-letter-summary').replaceChildren(...summary);
  $('dead-letter-table').tBodies[0].replaceChildren(...d.items.map((i) => el('tr', {},
    el('td', {}, i.id), el('td', {}, i.stage), el('td', {}, i.objectType + ':' + i.recordKey), el('td', {}, i.field || ''),
    el('td', {}, i.reason), el('td', { class: 'num' }, i.attempts))));
}

async function replay(stage) {
  try {
    const r = await api('POST', '/api/dead-letters/replay', stage ? { stage } : {});
    show('Replay started as run ' + r.run + '.', 'info');
    state.followLatest = true;
    if (r.run) state.selectedRun = r.run;
  } catch (e) {
    showError(e);
  }
  await refreshNow();
}

// ---- rollback --------------------------------------------------------------------------------------------------

function rollbackOperation() {
  return state.operations.find((o) => o.name === 'rollback');
}

function renderRollback() {
  const op = rollbackOperation();
  const button = $('rollback');
  button.disabled = !op || state.running !== null;
  button.dataset.available = op ? 'true' : 'false';
  $('rollback-note').textContent = op ? (state.running ? ' wait for the running operation to finish' : '')
    : ' Not available: this version of the migrator has no rollback operation.';
}

function askRollback() {
  const op = rollbackOperation();
  if (!op) return;
  $('rollback-dialog-text').textContent = op.description
    + '. This changes Dynamics 365 and cannot be undone from here.';
  $('rollback-params').replaceChildren(...op.params.filter((p) => p.name !== CONFIRM_PARAM).map((p) => paramInput('rollback', p)));
  $('rollback-dialog').showModal();
}

async function confirmRollback() {
  const params = readParams($('rollback-params'));
  if (rollbackOperation().params.some((p) => p.name === CONFIRM_PARAM)) params[CONFIRM_PARAM] = true;
  $('rollback-dialog').close();
  await start('rollback', params);
}

// ---- polling ---------------------------------------------------------------------------------------------------

async function refreshNow() {
  clearTimeout(state.timer);
  let busy = false;
  try {
    busy = await refreshRuns();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showError(e);
  }
  if (state.token) schedule(busy);
}

function schedule(busy) {
  clearTimeout(state.timer);
  state.timer = setTimeout(refreshNow, busy ? FAST_POLL_MS : SLOW_POLL_MS);
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token').value.trim();
    if (t) connect(t);
  });
  $('sign-out').addEventListener('click', () => signOut(''));
  $('refresh').addEventListener('click', () => { state.followLatest = true; refreshNow(); });
  $('approve').addEventListener('click', approve);
  $('report-close').addEventListener('click', closeReport);
  $('rollback').addEventListener('click', askRollback);
  $('rollback-cancel').addEventListener('click', () => $('rollback-dialog').close());
  $('rollback-confirm').addEventListener('click', confirmRollback);
  if (state.token) connect(state.token);
  else $('sign-in').hidden = false;
});
