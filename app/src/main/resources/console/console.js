'use strict';
// The operator console: a hash-routed page over /console/api. Text from tenants (names, ids) is only ever set as
// text, never parsed as HTML. Actions send the session's CSRF token; the session itself is an HttpOnly cookie.

const state = {
  session: null,
  fleet: null,
  sort: { key: 'id', dir: 1 },
  problem: '',
  charts: [],
  timer: null,
};

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

class Unauthenticated extends Error {}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrfToken;
  const res = await fetch('/console/api/' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && path !== 'login') {
    state.session = null;
    showLogin();
    throw new Unauthenticated();
  }
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const detail = json && (json.detail || json.title) || res.statusText;
    throw new Error(detail);
  }
  return json;
}

function show(view) {
  for (const id of ['login-view', 'fleet-view', 'tenant-view']) $(id).hidden = id !== view;
}

function showLogin() {
  clearInterval(state.timer);
  show('login-view');
  $('who').textContent = '';
  $('logout').hidden = true;
  $('token').focus();
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    state.session = await api('POST', 'login', { token: $('token').value });
    $('token').value = '';
    route();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
}

async function logout() {
  try { await api('POST', 'logout'); } catch (e) { /* logged out either way */ }
  state.session = null;
  showLogin();
}

function isAdmin() { return state.session && state.session.role === 'admin'; }

// ---- fleet overview ---------------------------------------------------------------------------------------------

const SORT_VALUE = {
  id: r => r.id,
  tier: r => ({ standard: 0, premium: 1, enterprise: 2 })[r.tier],
  state: r => r.state,
  onboarding: r => r.onboarding ? r.onboarding.stepsDone / r.onboarding.steps : -1,
  requestsPerSecond: r => r.requestsPerSecond ?? -1,
  p99Millis: r => r.p99Millis ?? -1,
  errorRate: r => r.errorRate ?? -1,
  eventsLastDay: r => r.eventsLastDay,
  activeShoppers: r => r.activeShoppers,
  model: r => r.model ? r.model.version : -1,
  gate: r => r.model && r.model.score !== null ? r.model.score : -1,
  quotaShare: r => r.quotaShare ?? -1,
  problems: r => r.problems.length,
};

async function loadFleet() {
  state.fleet = await api('GET', 'fleet');
  renderFleet();
}

function fmt(v, digits) {
  if (v === null || v === undefined) return '–';
  return Number(v).toLocaleString('en', { maximumFractionDigits: digits ?? 0 });
}

function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1) + ' %'; }

function renderFleet() {
  const fleet = state.fleet;
  const problems = $('problems');
  problems.replaceChildren(...Object.entries(fleet.problems).map(([name, count]) => el('span', {
    class: 'problem-count' + (count > 0 ? ' hot' : '') + (state.problem === name ? ' selected' : ''),
    'data-problem': name, text: name.replaceAll('_', ' ') + ': ' + count,
    onclick: () => { state.problem = state.problem === name ? '' : name; renderFleet(); },
  })));
  const text = $('filter').value.trim().toLowerCase();
  const tier = $('tier-filter').value;
  const onlyProblems = $('only-problems').checked;
  const rows = fleet.tenants.filter(r =>
    (!text || r.id.toLowerCase().includes(text) || r.displayName.toLowerCase().includes(text))
    && (!tier || r.tier === tier)
    && (!onlyProblems || r.problems.length > 0)
    && (!state.problem || r.problems.includes(state.problem)));
  const get = SORT_VALUE[state.sort.key];
  rows.sort((a, b) => {
    const x = get(a), y = get(b);
    const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return c * state.sort.dir;
  });
  for (const th of document.querySelectorAll('#fleet th[data-sort]')) {
    th.classList.toggle('sorted-asc', th.dataset.sort === state.sort.key && state.sort.dir > 0);
    th.classList.toggle('sorted-desc', th.dataset.sort === state.sort.key && state.sort.dir < 0);
  }
  $('fleet-count').textContent = rows.length + ' of ' + fleet.tenantCount + ' tenants (server '
    + fleet.serverMillis.toFixed(1) + ' ms)';
  document.querySelector('#fleet tbody').replaceChildren(...rows.map(r => el('tr', {
    'data-tenant': r.id, class: r.problems.length ? 'has-problem' : null,
    onclick: () => { location.hash = '#/tenants/' + encodeURIComponent(r.id); },
  },
  el('td', {}, el('b', { text: r.id }), ' ', el('span', { text: r.displayName })),
  el('td', { text: r.tier }),
  el('td', { text: r.state }),
  el('td', { text: r.onboarding ? r.onboarding.state + ' ' + r.onboarding.stepsDone + '/' + r.onboarding.steps : '–' }),
  el('td', { class: 'num', text: fmt(r.requestsPerSecond, 2) }),
  el('td', { class: 'num', text: fmt(r.p99Millis) }),
  el('td', { class: 'num', text: pct(r.errorRate) }),
  el('td', { class: 'num', text: fmt(r.eventsLastDay) }),
  el('td', { class: 'num', text: fmt(r.activeShoppers) }),
  el('td', { text: r.model ? 'v' + r.model.version + ' (' + fmt(r.model.ageHours, 1) + ' h)' : '–' }),
  el('td', { class: 'num', text: r.model && r.model.score !== null ? r.model.score.toFixed(3) : '–' }),
  el('td', { class: 'num', text: pct(r.quotaShare) }),
  el('td', {}, ...r.problems.map(p => el('span', { class: 'tag', text: p.replaceAll('_', ' ') })))
  )));
}

// Fleet-wide rollouts: the latest ones with their waves' progress, refreshed every 2 s while one runs.
async function loadRollouts() {
  const list = (await api('GET', 'rollouts')).rollouts;
  const waves = ['canary', 'standard', 'premium', 'enterprise'];
  const admin = isAdmin();
  const act = (r, action) => el('button', { class: 'rollout-' + action, disabled: !admin, onclick: async () => {
    try { await api('POST', 'rollouts/' + encodeURIComponent(r.id) + '/' + action); await loadRollouts(); }
    catch (e) { if (!(e instanceof Unauthenticated)) alert(e.message); }
  } }, action);
  $('rollouts').replaceChildren(...(list.length ? [el('h3', { text: 'Rollouts' }), el('table', { id: 'rollout-table' },
    el('tbody', {}, ...list.map(r => el('tr', { 'data-rollout': r.id, 'data-state': r.state },
      el('td', { text: r.id }), el('td', {}, el('b', { text: r.state })),
      el('td', { class: 'rollout-change', text: r.kind === 'image' ? 'image ' + r.image
        : 'recipe: factors ' + r.recipe.factors + ', epochs ' + r.recipe.epochs }),
      el('td', { text: waves.map(w => {
        const mine = r.tenants.filter(t => t.wave === w);
        if (!mine.length) return null;
        const done = mine.filter(t => !['pending', 'training', 'updating'].includes(t.state)).length;
        return w + ' ' + done + '/' + mine.length;
      }).filter(x => x).join(' · ') }),
      el('td', { text: r.message || '' }),
      el('td', {}, ...(r.state === 'running' ? [act(r, 'pause'), act(r, 'abort')]
        : r.state === 'paused' ? [act(r, 'resume'), act(r, 'abort')] : []))))))] : []));
  return list.some(r => r.state === 'running');
}

async function showFleet() {
  show('fleet-view');
  disposeCharts();
  await Promise.all([loadFleet(), loadRollouts()]);
  clearInterval(state.timer);
  let tick = 0;
  state.timer = setInterval(async () => {
    tick++;
    try {
      const running = await loadRollouts();
      if (tick % 5 === 0 || running) await loadFleet();
    } catch (e) { /* shown on the next try */ }
  }, 2000);
}

// ---- one tenant -------------------------------------------------------------------------------------------------

function disposeCharts() {
  for (const c of state.charts) c.dispose();
  state.charts = [];
}

function chart(id, title, series, yName) {
  const node = el('div', { id, class: 'chart' });
  return {
    node,
    draw() {
      const c = echarts.init(node);
      c.setOption({
        animation: false,
        title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend: { top: 22, right: 8 },
        grid: { left: 56, right: 16, top: 48, bottom: 28 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: yName ? '{value} ' + yName : '{value}' } },
        series: series.map(s => ({ type: 'line', showSymbol: true, symbolSize: 4, name: s.name, data: s.data,
          areaStyle: s.area ? { opacity: 0.15 } : undefined })),
      });
      state.charts.push(c);
    },
  };
}

async function showTenant(id, resolution) {
  show('tenant-view');
  clearInterval(state.timer);
  disposeCharts();
  const view = $('tenant-view');
  let t;
  try {
    t = await api('GET', 'tenants/' + encodeURIComponent(id));
  } catch (e) {
    if (!(e instanceof Unauthenticated)) view.replaceChildren(el('p', { class: 'error', text: e.message }));
    return;
  }
  const r = t.row;
  const res = resolution || 'minute';
  const points = t.series[res];
  const charts = [
    chart('chart-traffic', 'Requests and server errors per ' + res, [
      { name: 'requests', data: points.map(p => [p.t, p.requests]), area: true },
      { name: 'errors', data: points.map(p => [p.t, p.errors]) },
    ]),
    chart('chart-latency', 'p99 latency (ms); tier promise ' + t.slo.p99Millis + ' ms', [
      { name: 'p99', data: points.map(p => [p.t, p.p99Millis]) },
    ], 'ms'),
    chart('chart-events', 'Events accepted per ' + res, [
      { name: 'events', data: points.map(p => [p.t, p.events]), area: true },
    ]),
    chart('chart-ctr', 'Click-through, conversion per list (%)', [
      { name: 'click-through', data: points.map(p => [p.t, p.clickThrough === null ? null : p.clickThrough * 100]) },
      { name: 'conversion', data: points.map(p => [p.t, p.conversion === null ? null : p.conversion * 100]) },
    ], '%'),
  ];
  const admin = isAdmin();
  const act = (label, attrs, fn) => el('button', Object.assign({ disabled: !admin,
    title: admin ? null : 'read-only session', onclick: async () => {
      try { await fn(); await showTenant(id, res); } catch (e) { if (!(e instanceof Unauthenticated)) alert(e.message); }
    } }, attrs), label);
  const active = t.models.find(m => m.status === 'active');
  view.replaceChildren(
    el('p', {}, el('a', { href: '#/', text: '← fleet' })),
    el('h2', { text: r.displayName + ' (' + r.id + ')' }),
    el('div', { class: 'cards' },
      card('Tier', r.tier), card('State', r.state), card('Req/s (5 min)', fmt(r.requestsPerSecond, 2)),
      card('p99 (5 min)', r.p99Millis === null ? '–' : fmt(r.p99Millis) + ' ms'), card('Errors', pct(r.errorRate)),
      card('Events/day', fmt(r.eventsLastDay)), card('Active shoppers', fmt(r.activeShoppers)),
      card('Serving model', active ? 'v' + active.version : 'none'),
      card('Problems', r.problems.length ? r.problems.join(', ') : 'none')),
    el('div', { class: 'filters' }, el('label', { for: 'resolution', text: 'Resolution' }),
      el('select', { id: 'resolution', onchange: e => showTenant(id, e.target.value) },
        ...['minute', 'hour', 'day'].map(v => el('option', { value: v, selected: v === res, text: v === 'minute'
          ? 'last hour, per minute' : v === 'hour' ? 'last 2 days, per hour' : 'last 30 days, per day' })))),
    el('div', { class: 'charts' }, ...charts.map(c => c.node)),
    el('h3', { text: 'Models' }),
    el('p', {}, act('Roll back to the previous model', { id: 'rollback' },
      () => api('POST', 'tenants/' + encodeURIComponent(id) + '/models/rollback'))),
    el('table', { id: 'models' },
      el('thead', {}, el('tr', {}, ...['Version', 'Status', 'Created', 'Gate', 'Score', 'Opponent', 'Surfaces', '']
        .map(h => el('th', { text: h })))),
      el('tbody', {}, ...t.models.map(m => el('tr', { 'data-version': m.version, 'data-status': m.status },
        el('td', { text: 'v' + m.version }), el('td', { text: m.status }), el('td', { text: m.createdAt }),
        el('td', { text: m.passed ? 'passed' : 'rejected' }),
        el('td', { class: 'num', text: m.score === null ? '–' : m.score.toFixed(4) + ' ' + m.metric }),
        el('td', { text: m.opponent + ' ' + (m.opponentScore === null ? '' : m.opponentScore.toFixed(4)) }),
        el('td', { text: Object.entries(m.surfaces).map(([s, c]) => s + ': ' + c).join(', ') }),
        el('td', {}, m.status === 'active' ? '' : act('Promote', { class: 'promote', 'data-version': m.version },
          () => api('POST', 'tenants/' + encodeURIComponent(id) + '/models/' + m.version + '/promote'))))))),
    el('h3', { text: 'Onboarding' }),
    t.onboarding.length ? el('table', { id: 'onboarding' }, el('tbody', {}, ...t.onboarding.map(s => el('tr', {},
      el('td', { text: s.name }), el('td', { text: s.state }), el('td', { text: 'attempts ' + s.attempts }),
      el('td', { text: s.finishedAt || s.startedAt || '' })))))
      : el('p', { text: 'Registered directly, not through an onboarding.' }),
    el('h3', { text: 'Usage and bill, ' + t.usage.period }),
    el('div', { class: 'cards' }, ...Object.entries(t.usage.usage).map(([k, v]) => card(k.replaceAll('_', ' '), fmt(v))),
      card('events included', fmt(t.usage.eventsIncluded)), card('bill (USD)', t.usage.priceUsd)),
    el('p', {}, el('label', { for: 'tier', text: 'Tier ' }),
      el('select', { id: 'tier' }, ...['standard', 'premium', 'enterprise'].map(v => el('option', { value: v,
        selected: v === r.tier, text: v }))), ' ',
      act('Change tier', { id: 'change-tier' }, () => api('POST', 'tenants/' + encodeURIComponent(id) + '/tier',
        { tier: $('tier').value }))),
    el('h3', { text: 'API keys (ids only; secrets are never shown again)' }),
    el('table', { id: 'keys' }, el('tbody', {}, ...t.keys.map(k => el('tr', { 'data-key': k.id },
      el('td', { text: k.id }), el('td', { text: k.label || '' }), el('td', { text: 'created ' + k.createdAt }),
      el('td', { text: k.revokedAt ? 'revoked ' + k.revokedAt : k.expiresAt ? 'expires ' + k.expiresAt : 'active' }),
      el('td', {}, k.revokedAt ? '' : act('Revoke', { class: 'revoke' },
        () => api('POST', 'tenants/' + encodeURIComponent(id) + '/keys/' + encodeURIComponent(k.id) + '/revoke'))))))),
  );
  for (const c of charts) c.draw();
}

function card(label, value) {
  return el('div', { class: 'card' }, el('span', { text: label }), el('b', { text: value }));
}

// ---- routing ----------------------------------------------------------------------------------------------------

async function route() {
  try {
    if (!state.session) state.session = await api('GET', 'session');
  } catch (e) {
    return;
  }
  $('who').textContent = 'signed in (' + state.session.role + ')';
  $('logout').hidden = false;
  const m = location.hash.match(/^#\/tenants\/(.+)$/);
  try {
    if (m) await showTenant(decodeURIComponent(m[1]));
    else await showFleet();
  } catch (e) {
    if (!(e instanceof Unauthenticated)) console.error(e);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  for (const id of ['filter', 'tier-filter', 'only-problems']) {
    $(id).addEventListener('input', () => state.fleet && renderFleet());
  }
  for (const th of document.querySelectorAll('#fleet th[data-sort]')) {
    th.addEventListener('click', () => {
      state.sort = { key: th.dataset.sort, dir: state.sort.key === th.dataset.sort ? -state.sort.dir : 1 };
      renderFleet();
    });
  }
  window.addEventListener('hashchange', route);
  route();
});
