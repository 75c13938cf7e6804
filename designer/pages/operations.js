// The operations page: start a run, resume, approve or reject, watch each node, restore an ended run's nodes, open its
// report. Polls; no framework.
(function () {
  'use strict';
  const $ = selector => document.querySelector(selector);
  const text = value => value === null || value === undefined ? '' : String(value);
  const escape = value => text(value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const time = value => value ? escape(value.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '')) : '';
  const badge = status => `<span class="saga-status saga-status-${escape(status)}" data-saga="status">${escape(status)}</span>`;
  let selected = new URLSearchParams(location.search).get('instance');
  const downgrade = 'calico-downgrade';
  const ended = ['Finished', 'Faulted', 'Cancelled'];

  async function loadDefinitions() {
    const list = await Saga.api('GET', '/elsa/v1/workflow-definitions?version=Published');
    const select = $('[data-saga=definition]');
    select.replaceChildren();
    for (const d of list.items.filter(i => i.isPublished)) {
      const option = document.createElement('option');
      option.value = d.definitionId;
      option.textContent = `${d.displayName || d.name || d.definitionId} (v${d.version})`;
      select.appendChild(option);
    }
  }

  function actions(run) {
    const buttons = [];
    if (run.waitingOn === 'Approval') {
      buttons.push(`<button class="saga-button" data-saga="approve" data-id="${escape(run.id)}">Approve</button>`);
      buttons.push(`<button class="saga-button saga-danger" data-saga="reject" data-id="${escape(run.id)}">Reject</button>`);
    }
    if (run.canResume)
      buttons.push(`<button class="saga-button" data-saga="resume" data-id="${escape(run.id)}">Resume</button>`);
    if (run.definitionId === downgrade) {
      if (ended.includes(run.state))
        buttons.push(`<button class="saga-button" data-saga="restore" data-id="${escape(run.id)}">Restore…</button>`);
      buttons.push(`<button class="saga-button" data-saga="report" data-id="${escape(run.id)}">Report</button>`);
    }
    return buttons.join(' ');
  }

  function nodeCounts(run) {
    return Object.entries(run.nodes || {}).map(([status, count]) => `${count} ${escape(status.toLowerCase())}`).join(', ');
  }

  async function loadRuns() {
    const status = $('[data-saga=status-filter]').value;
    const runs = await Saga.api('GET', '/api/instances' + (status ? `?status=${encodeURIComponent(status)}` : ''));
    $('[data-saga=runs]').innerHTML = runs.map(run => `
      <tr data-saga="run" data-id="${escape(run.id)}" class="hover:elsa-bg-gray-50 elsa-cursor-pointer">
        <td class="elsa-px-3 elsa-py-2 elsa-font-mono"><a class="elsa-text-blue-600" href="/designer/workflow-instances/${escape(run.id)}">${escape(run.id.slice(0, 12))}</a></td>
        <td class="elsa-px-3 elsa-py-2">${escape(run.definitionId)} v${escape(run.version)}${run.name ? ` (${escape(run.name)})` : ''}</td>
        <td class="elsa-px-3 elsa-py-2">${badge(run.state)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(run.activityId)}</td>
        <td class="elsa-px-3 elsa-py-2">${nodeCounts(run)}</td>
        <td class="elsa-px-3 elsa-py-2">${time(run.createdAt)}</td>
        <td class="elsa-px-3 elsa-py-2 elsa-whitespace-nowrap">${actions(run)}</td>
      </tr>`).join('') || '<tr><td colspan="7" class="elsa-px-3 elsa-py-4 elsa-text-gray-500">No runs yet.</td></tr>';
  }

  async function loadDetails() {
    const panel = $('[data-saga=details]');
    if (!selected) {
      panel.hidden = true;
      return;
    }
    const details = await Saga.api('GET', `/api/instances/${encodeURIComponent(selected)}`);
    const run = details.run;
    panel.hidden = false;
    const nodes = details.nodes.map(n => `
      <tr data-saga="node" data-node="${escape(n.name)}">
        <td class="elsa-px-3 elsa-py-2 elsa-font-medium">${escape(n.name)}</td>
        <td class="elsa-px-3 elsa-py-2">${badge(n.state)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(n.activityId)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(n.fault)}</td>
        <td class="elsa-px-3 elsa-py-2 elsa-font-mono"><a class="elsa-text-blue-600" href="/designer/workflow-instances/${escape(n.id)}">${escape(n.id.slice(0, 12))}</a></td>
      </tr>`).join('');
    const journal = details.journal.map(j => `
      <tr data-saga="step">
        <td class="elsa-px-3 elsa-py-2">${time(j.startedAt)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(j.activityId)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(j.eventName)}</td>
        <td class="elsa-px-3 elsa-py-2">${escape(j.error || j.outcome)}</td>
      </tr>`).join('');
    panel.innerHTML = `
      <div class="elsa-flex elsa-items-center elsa-justify-between elsa-mb-4">
        <h2 class="elsa-text-lg elsa-font-medium elsa-text-gray-900">${escape(run.definitionId)} ${badge(run.state)}</h2>
        <div>${actions(run)}</div>
      </div>
      <p class="elsa-text-sm elsa-text-gray-600 elsa-mb-4" data-saga="note">${escape(run.note)}</p>
      ${nodes ? `<h3 class="elsa-font-medium elsa-mb-2">Nodes</h3>
      <table class="elsa-min-w-full elsa-text-sm elsa-mb-6"><thead class="elsa-bg-gray-50 elsa-text-left elsa-text-xs elsa-text-gray-500 elsa-uppercase">
        <tr><th class="elsa-px-3 elsa-py-2">Node</th><th class="elsa-px-3 elsa-py-2">Status</th><th class="elsa-px-3 elsa-py-2">At</th><th class="elsa-px-3 elsa-py-2">Fault</th><th class="elsa-px-3 elsa-py-2">Instance</th></tr>
      </thead><tbody data-saga="nodes">${nodes}</tbody></table>` : ''}
      <h3 class="elsa-font-medium elsa-mb-2">Journal</h3>
      <table class="elsa-min-w-full elsa-text-sm"><thead class="elsa-bg-gray-50 elsa-text-left elsa-text-xs elsa-text-gray-500 elsa-uppercase">
        <tr><th class="elsa-px-3 elsa-py-2">Started (UTC)</th><th class="elsa-px-3 elsa-py-2">Activity</th><th class="elsa-px-3 elsa-py-2">Event</th><th class="elsa-px-3 elsa-py-2">Outcome / error</th></tr>
      </thead><tbody data-saga="journal">${journal}</tbody></table>`;
  }

  async function refresh() {
    if (!Saga.apiKey()) {
      // Runs are read with the key too: none is asked for before it is entered (bottom left).
      $('[data-saga=runs]').innerHTML = '<tr><td colspan="7" class="elsa-px-3 elsa-py-4 elsa-text-gray-500">Enter the API key (bottom left) to see the runs.</td></tr>';
      $('[data-saga=details]').hidden = true;
      return;
    }
    try {
      await loadRuns();
      await loadDetails();
    } catch (e) {
      $('[data-saga=start-result]').textContent = e.message;
    }
  }

  async function act(button) {
    const id = button.dataset.id;
    const what = button.dataset.saga;
    if (what === 'restore') {
      openRestore(id);
      return;
    }
    if (what === 'report') {
      await openReport(id);
      return;
    }
    button.disabled = true;
    try {
      if (what === 'resume') await Saga.api('POST', `/api/instances/${encodeURIComponent(id)}/resume`);
      else await Saga.api('POST', `/api/instances/${encodeURIComponent(id)}/approval`, { approved: what === 'approve' });
      selected = id;
      await refresh();
    } catch (e) {
      alert(e.message);
    } finally {
      button.disabled = false;
    }
  }

  // The report: fetched with the key (a plain link cannot carry the header), opened from a Blob URL in a new tab. The
  // tab is opened at the click, so no popup blocker takes it for an unasked window; it is closed again on an error.
  async function openReport(id) {
    const tab = window.open('', '_blank');
    try {
      const report = await Saga.blob(`/api/instances/${encodeURIComponent(id)}/report?format=html`);
      const url = URL.createObjectURL(report);
      if (tab) tab.location.href = url;
      else window.open(url, '_blank');
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      if (tab) tab.close();
      alert(e.message);
    }
  }

  // Restore…: choose all nodes or some, see the plan (planOnly: nothing changes), then confirm to start. The confirm
  // sends exactly what the plan was made from, with one request id per plan, so a second click starts nothing twice.
  const restorePanel = $('[data-saga=restore-panel]');
  const restoreForm = $('#restore-form');
  let restoring = null;

  function openRestore(id) {
    restoring = { run: id, body: null, requestId: null };
    restoreForm.reset();
    $('[data-saga=restore-run]').textContent = id;
    $('[data-saga=restore-plan]').hidden = true;
    $('[data-saga=restore-confirm]').disabled = true;
    $('[data-saga=restore-result]').textContent = '';
    restorePanel.hidden = false;
    restorePanel.scrollIntoView();
  }

  function restoreBody() {
    const form = new FormData(restoreForm);
    if (form.get('scope') === 'all') return { all: true };
    return { nodes: text(form.get('nodes')).split(/[\s,]+/).filter(n => n) };
  }

  function planText(plan) {
    const lines = [`Restore of run ${plan.runId}${plan.runName ? ` (${plan.runName})` : ''}: ${plan.nodes.length} node(s): ${plan.nodes.join(', ')}`];
    for (const step of plan.steps) {
      lines.push('', `== ${step.activityId}: ${step.title}`);
      for (const node of step.nodes) {
        if (node.node) lines.push(`  ${node.node}${node.platform ? ` (${node.platform})` : ''}`);
        for (const command of node.commands) lines.push(`    ${command}`);
      }
    }
    return lines.join('\n');
  }

  restoreForm.addEventListener('input', () => {
    $('[data-saga=restore-confirm]').disabled = true; // the plan shown is no longer what would run
    if (restoring) restoring.body = null;
  });

  restoreForm.addEventListener('submit', async e => {
    e.preventDefault();
    const result = $('[data-saga=restore-result]');
    const body = restoreBody();
    result.textContent = 'Planning…';
    try {
      const plan = await Saga.api('POST', `/api/instances/${encodeURIComponent(restoring.run)}/restore`, Object.assign({ planOnly: true }, body));
      const shown = $('[data-saga=restore-plan]');
      shown.textContent = planText(plan);
      shown.hidden = false;
      restoring.body = body;
      restoring.requestId = newRequestId();
      $('[data-saga=restore-confirm]').disabled = false;
      result.textContent = 'Nothing has changed yet. Start restore to carry out this plan.';
    } catch (err) {
      result.textContent = err.message;
    }
  });

  $('[data-saga=restore-confirm]').addEventListener('click', async e => {
    const button = e.currentTarget;
    const result = $('[data-saga=restore-result]');
    if (!restoring || !restoring.body) return;
    button.disabled = true;
    try {
      const started = await Saga.api('POST', `/api/instances/${encodeURIComponent(restoring.run)}/restore`, restoring.body, { 'X-Request-Id': restoring.requestId });
      result.textContent = `Started restore ${started.id}.`;
      selected = started.id;
      history.replaceState(null, '', `?instance=${encodeURIComponent(selected)}`);
      await refresh();
    } catch (err) {
      result.textContent = err.message;
      button.disabled = false;
    }
  });

  $('[data-saga=restore-close]').addEventListener('click', () => {
    restorePanel.hidden = true;
    restoring = null;
  });

  document.addEventListener('click', e => {
    const button = e.target.closest('button[data-id]');
    if (button) {
      e.stopPropagation();
      act(button);
      return;
    }
    const row = e.target.closest('tr[data-saga=run]');
    if (row && !e.target.closest('a')) {
      selected = row.dataset.id;
      history.replaceState(null, '', `?instance=${encodeURIComponent(selected)}`);
      loadDetails();
    }
  });

  $('[data-saga=status-filter]').addEventListener('change', refresh);

  // A UUID v4. crypto.randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  function newRequestId() {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // One request id per filling of the form: the server maps it to one instance, so a second click, or a retry after
  // an error, starts nothing twice. Changing the form, or a run started, makes the next submit a new run.
  const startForm = $('#start');
  let requestId = newRequestId();
  startForm.addEventListener('input', () => { requestId = newRequestId(); });

  let starting = false;
  startForm.addEventListener('submit', async e => {
    e.preventDefault();
    if (starting) return;
    starting = true;
    const button = $('[data-saga=start]');
    button.disabled = true;
    const form = new FormData(startForm);
    const result = $('[data-saga=start-result]');
    try {
      const body = {
        definitionId: form.get('definitionId'), inventoryPath: form.get('inventoryPath') || null, name: form.get('name') || null, force: form.get('force') === 'on',
      };
      const started = await Saga.api('POST', '/api/runs', body, { 'X-Request-Id': requestId });
      requestId = newRequestId();
      result.textContent = `Started ${started.id}.`;
      selected = started.id;
      history.replaceState(null, '', `?instance=${encodeURIComponent(selected)}`);
      await refresh();
    } catch (err) {
      result.textContent = err.message;
    } finally {
      starting = false;
      button.disabled = false;
    }
  });

  loadDefinitions().catch(e => { $('[data-saga=start-result]').textContent = e.message; });
  refresh();
  setInterval(refresh, 2000);
  window.addEventListener('saga:apikey', refresh);
})();
