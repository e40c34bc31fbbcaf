// The analytics console: plain JavaScript and Apache ECharts, no build step. Everything a user or a
// bot author wrote is put on the page with textContent, never as HTML.
'use strict';

const api = async (path, options = {}) => {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && body.error) || `The server answered ${response.status}.`);
    error.status = response.status;
    throw error;
  }
  return body;
};

const $ = (id) => document.getElementById(id);
const charts = {};
let current = null;

const chart = (id) => {
  if (!charts[id]) {
    charts[id] = echarts.init($(id));
  }
  return charts[id];
};

const percent = (rate) => (rate === null || rate === undefined ? '-' : `${(rate * 100).toFixed(1)}%`);
const millis = (ms) => (ms === null || ms === undefined ? '-' : `${Math.round(ms)} ms`);
const seconds = (s) => (s === null || s === undefined ? '-' : `${s.toFixed(1)} s`);

const cell = (row, text) => {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  row.appendChild(td);
  return td;
};

const fillTable = (id, rows) => {
  const body = $(id).querySelector('tbody');
  body.replaceChildren();
  rows.forEach((values) => {
    const row = document.createElement('tr');
    values.forEach((value) => cell(row, value));
    body.appendChild(row);
  });
  return body;
};

async function showSignedIn(session) {
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('viewer-box').hidden = false;
  $('viewer').textContent = session.email;
  const bots = await api('/console/api/bots');
  const select = $('bot');
  select.replaceChildren();
  bots.forEach((bot) => {
    const option = document.createElement('option');
    option.value = bot.key;
    option.textContent = `${bot.name} (${bot.key})`;
    select.appendChild(option);
  });
  if (bots.length === 0) {
    $('status').textContent = 'Your projects have no bots yet.';
    return;
  }
  await refresh();
}

function showSignedOut(message) {
  $('sign-in').hidden = false;
  $('dashboard').hidden = true;
  $('viewer-box').hidden = true;
  $('sign-in-error').textContent = message || '';
}

async function refresh() {
  const bot = $('bot').value;
  if (!bot) {
    return;
  }
  const range = $('range').selectedOptions[0];
  const hours = { '1h': 1, '24h': 24, '7d': 168, '30d': 720, '365d': 8760 }[range.value];
  const to = new Date();
  const from = new Date(to.getTime() - hours * 3600 * 1000);
  const [company, botId] = [bot.slice(0, bot.lastIndexOf('/')), bot.slice(bot.lastIndexOf('/') + 1)];
  $('status').textContent = 'Loading…';
  try {
    current = await api(`/console/api/bots/${encodeURIComponent(company)}/${botId}/metrics?window=${range.dataset.window}`
      + `&from=${from.toISOString()}&to=${to.toISOString()}`);
    drawDashboard(current);
    await loadConversations();
    $('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error.status === 401) {
      showSignedOut(error.message);
    } else {
      $('status').textContent = error.message;
    }
  }
}

function drawDashboard(figures) {
  const total = figures.total;
  $('kpi-conversations').textContent = total.conversations;
  $('kpi-turns').textContent = total.turns;
  $('kpi-users').textContent = total.distinctUsers;
  $('kpi-fallback-rate').textContent = percent(total.fallbackRate);
  $('kpi-containment').textContent = percent(total.containmentRate);
  $('kpi-duration').textContent = seconds(total.meanDurationSeconds);
  $('kpi-latency-p50').textContent = millis(total.latencyP50Millis);
  $('kpi-latency-p99').textContent = millis(total.latencyP99Millis);

  const times = figures.series.map((w) => w.windowStartAt);
  const timeAxis = { type: 'category', data: times.map((t) => new Date(t).toLocaleString()) };
  chart('chart-volume').setOption({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: timeAxis, yAxis: { type: 'value' },
    series: [
      { name: 'conversations', type: 'bar', data: figures.series.map((w) => w.conversations) },
      { name: 'turns', type: 'line', data: figures.series.map((w) => w.turns) },
    ],
  }, true);
  chart('chart-fallback').setOption({
    tooltip: { trigger: 'axis' }, xAxis: timeAxis, yAxis: { type: 'value', max: 1 },
    series: [{ name: 'fallback rate', type: 'line', data: figures.series.map((w) => w.fallbackRate) }],
  }, true);
  chart('chart-latency').setOption({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: timeAxis, yAxis: { type: 'value' },
    series: ['latencyP50Millis', 'latencyP90Millis', 'latencyP99Millis'].map((field) => ({
      name: field.replace('latency', '').replace('Millis', ''), type: 'line', data: figures.series.map((w) => w[field]),
    })),
  }, true);

  const outcomes = [['completed', total.completed], ['abandoned', total.abandoned], ['fell back', total.fellBack],
    ['escalated', total.escalated]];
  chart('chart-outcomes').setOption({
    tooltip: {}, series: [{ type: 'pie', radius: '65%', data: outcomes.map(([name, value]) => ({ name, value })) }],
  }, true);
  fillTable('outcomes', outcomes.map(([name, value]) => [name, value]));

  chart('chart-intents').setOption({
    tooltip: {}, xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: total.intents.map((i) => i.intent) },
    series: [{ name: 'turns', type: 'bar', data: total.intents.map((i) => i.count) }],
  }, true);

  const moduleSelect = $('funnel-module');
  const chosen = moduleSelect.value;
  moduleSelect.replaceChildren();
  figures.funnels.forEach((funnel) => {
    const option = document.createElement('option');
    option.value = String(funnel.moduleId);
    option.textContent = funnel.name || `module ${funnel.moduleId}`;
    moduleSelect.appendChild(option);
  });
  if ([...moduleSelect.options].some((o) => o.value === chosen)) {
    moduleSelect.value = chosen;
  }
  drawFunnel();

  fillTable('missed', total.missedUtterances.map((m) => [m.text, m.count]));
  fillTable('calls', total.calls.map((c) => [c.target, c.delivered, c.failed, c.retried,
    c.latencyP50Millis === null ? '-' : Math.round(c.latencyP50Millis),
    c.latencyP99Millis === null ? '-' : Math.round(c.latencyP99Millis)]));
}

function drawFunnel() {
  const funnel = current && current.funnels.find((f) => String(f.moduleId) === $('funnel-module').value);
  const steps = funnel ? funnel.steps : [];
  chart('chart-funnel').setOption({
    tooltip: {},
    series: [{ type: 'funnel', sort: 'none', minSize: '10%', label: { show: true, position: 'inside' },
      data: steps.map((step) => ({ name: step.label, value: step.reached })) }],
  }, true);
  fillTable('funnel-steps', steps.map((step) => [step.label, step.reached, step.rejected, step.droppedOff]));
}

async function loadConversations() {
  const params = new URLSearchParams({ bot: $('bot').value, limit: '100' });
  if ($('filter-channel').value) params.set('channel', $('filter-channel').value);
  if ($('filter-outcome').value) params.set('outcome', $('filter-outcome').value);
  if ($('filter-from').value) params.set('from', new Date(`${$('filter-from').value}T00:00:00`).toISOString());
  if ($('filter-to').value) params.set('to', new Date(`${$('filter-to').value}T23:59:59.999`).toISOString());
  const conversations = await api(`/console/api/conversations?${params}`);
  const body = fillTable('conversations', conversations.map((c) => [new Date(c.startedAt).toLocaleString(), c.sessionId,
    c.channel, c.language, c.turns, c.fallbacks, c.outcome]));
  [...body.rows].forEach((row, i) => {
    row.dataset.session = conversations[i].sessionId;
    row.addEventListener('click', () => showTranscript(conversations[i].sessionId));
  });
}

async function showTranscript(sessionId) {
  const conversation = await api(`/console/api/conversations/${encodeURIComponent(sessionId)}`);
  $('transcript').hidden = false;
  $('transcript-session').textContent = conversation.sessionId;
  $('transcript-outcome').textContent = conversation.outcome;
  const list = $('turns');
  list.replaceChildren();
  conversation.turns.forEach((turn) => {
    const item = document.createElement('li');
    item.className = 'turn';
    const line = (className, text) => {
      if (text) {
        const div = document.createElement('div');
        div.className = className;
        div.textContent = text;
        item.appendChild(div);
      }
    };
    line('at', turn.at ? new Date(turn.at).toLocaleString() : '');
    line('user-text', turn.userText ? `User: ${turn.userText}` : '');
    if (turn.confidence !== undefined) {
      const understood = turn.intent ? `intent ${turn.intent}` : `fallback (${turn.fallback})`;
      line('understood', `${understood}, confidence ${Number(turn.confidence).toFixed(2)}`);
    }
    if (turn.entities && turn.entities.length) {
      line('entities', `entities: ${turn.entities.map((e) => `${e.entity}=${e.value}`).join(', ')}`);
    }
    (turn.botSaid || []).forEach((said) => {
      line('block', `Bot at ${said.blockId}${said.handoff ? ' (handoff)' : ''}: ${said.texts.join(' / ')}`);
    });
    (turn.events || []).forEach((event) => line('events', `${event.kind} ${JSON.stringify(event.payload)}`));
    (turn.receipts || []).forEach((receipt) => line('receipts',
      `${receipt.target} ${receipt.outcome} after ${receipt.attempts} ${receipt.attempts === 1 ? 'try' : 'tries'}${receipt.detail ? `: ${receipt.detail}` : ''}`));
    list.appendChild(item);
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      const session = await api('/console/api/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: $('username').value, password: $('password').value }),
      });
      $('password').value = '';
      await showSignedIn(session);
    } catch (error) {
      showSignedOut(error.message);
    }
  });
  $('sign-out').addEventListener('click', async () => {
    await api('/console/api/session', { method: 'DELETE' });
    showSignedOut('');
  });
  $('refresh').addEventListener('click', refresh);
  $('bot').addEventListener('change', refresh);
  $('range').addEventListener('change', refresh);
  $('funnel-module').addEventListener('change', drawFunnel);
  $('filter-apply').addEventListener('click', () => loadConversations().catch((e) => { $('status').textContent = e.message; }));
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  try {
    await showSignedIn(await api('/console/api/session'));
  } catch (error) {
    showSignedOut('');
  }
});
