// The status page's script: builds one row per stack from the statuses the page carries, then follows
// /api/events/stream (Server-Sent Events) for every change. It never polls: the only requests it makes are the
// stream, the readiness check after a pass, a row's history, events and saved failed logs once it is expanded, and
// the actions.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const T = JSON.parse($('messages').textContent);
  const initial = JSON.parse($('initial').textContent);
  const lang = document.documentElement.lang || 'en';
  const TOKEN_KEY = 'stack-operator.api-token';
  /** Worst first: the order of "sort by phase" and of the counts. */
  const PHASES = ['Failed', 'Degraded', 'Blocked', 'Progressing', 'Paused', 'Ready'];
  const HISTORY_LINES = 10;
  const EVENTS = 20;

  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  const absolute = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });

  /** A message of the page's language, with {name} placeholders filled in. */
  function t(key, vars) {
    let text = Object.prototype.hasOwnProperty.call(T, key) ? T[key] : key;
    for (const [name, value] of Object.entries(vars || {})) {
      text = text.split('{' + name + '}').join(String(value));
    }
    return text;
  }

  /** An element; text is only ever set as text, never parsed as markup. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === 'class') e.className = value;
      else if (key === 'text') e.textContent = value;
      else e.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) if (child != null) e.append(child);
    return e;
  }

  function ago(iso) {
    const at = Date.parse(iso);
    if (Number.isNaN(at)) return '';
    const seconds = (at - Date.now()) / 1000;
    const size = Math.abs(seconds);
    if (size < 45) return relative.format(Math.round(seconds), 'second');
    if (size < 45 * 60) return relative.format(Math.round(seconds / 60), 'minute');
    if (size < 18 * 3600) return relative.format(Math.round(seconds / 3600), 'hour');
    return relative.format(Math.round(seconds / 86400), 'day');
  }

  function timeEl(iso, title) {
    if (!iso) return null;
    const when = new Date(iso);
    const label = Number.isNaN(when.getTime()) ? iso : absolute.format(when);
    return el('time', { class: 'ago', datetime: iso, title: title ? title + ' ' + label : label, text: ago(iso) });
  }

  function duration(ms) {
    return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s';
  }

  function version(value, differs) {
    return el('span', { class: 'version' + (differs ? ' differs' : ''), title: differs ? t('differs') : null, text: value || '—' });
  }

  /** The commit a stack's applied desired state came from, when the source is git: short sha, the rest in its title. */
  function commitEl(source) {
    if (!source || !source.commit) return null;
    return el('span', { class: 'commit mono', 'data-commit': source.commit,
      title: t('commit.title', { subject: source.subject || '', author: source.author || '' }), text: source.commit.slice(0, 7) });
  }

  /** Why a stack is not Ready, as its Ready condition says. */
  function reason(s) {
    if (s.phase === 'Ready') return null;
    const ready = (s.conditions || []).find((c) => c.type === 'Ready');
    return ready && ready.reason && ready.reason !== s.phase ? ready.reason : null;
  }

  // ------------------------------------------------------------------ the columns: one entry, one cell
  const COLUMNS = [
    { key: 'stack', width: 'minmax(12rem, 1.5fr)',
      cell: (s) => [el('span', { class: 'name', text: s.stack }), s.environment ? el('span', { class: 'env', text: s.environment }) : null,
        s.source && s.source.commit ? el('span', { class: 'sub' }, t('commit') + ' ', commitEl(s.source)) : null] },
    { key: 'phase', width: 'minmax(8rem, .9fr)',
      cell: (s) => [el('span', { class: 'phase p-' + s.phase, title: s.phase, text: t('phase.' + s.phase) }),
        s.phaseSince ? el('span', { class: 'sub' }, timeEl(s.phaseSince, t('phase.since'))) : null] },
    { key: 'desired', width: 'minmax(7rem, .75fr)',
      cell: (s) => [version(s.desiredVersion),
        s.failedVersion && s.failedVersion === s.desiredVersion ? el('span', { class: 'tag', text: t('failed') }) : null] },
    { key: 'current', width: 'minmax(7rem, .75fr)',
      cell: (s) => [version(s.currentVersion, s.desiredVersion && s.currentVersion && s.currentVersion !== s.desiredVersion)] },
    { key: 'verified', width: 'minmax(7rem, .75fr)', cell: (s) => [version(s.verifiedVersion)] },
    { key: 'why', width: 'minmax(12rem, 2.2fr)',
      cell: (s) => [reason(s) ? el('span', { class: 'reason', text: reason(s) }) : null,
        el('span', { class: 'message' + (s.phase === 'Ready' ? ' muted' : ''), title: s.message || null, text: s.message || '' })] },
    { key: 'lastOperation', width: 'minmax(10rem, 1.2fr)',
      cell: (s) => {
        const op = s.lastOperation;
        if (!op) return [el('span', { class: 'muted', text: t('none') })];
        return [el('span', { title: op.message || null }, op.action + ' ', el('span', { class: 'version', text: op.version || '' }), ' ',
          el('span', { class: 'result-' + op.result, text: op.result })),
        op.finishedAt ? el('span', { class: 'sub' }, timeEl(op.finishedAt)) : null];
      } },
  ];

  // ------------------------------------------------------------------ rows
  /** name -> { status, details, summary, more, text } */
  const rows = new Map();
  let sortBy = 'name';
  let query = '';
  let phaseOnly = null;
  let token = sessionStorage.getItem(TOKEN_KEY);

  function fillSummary(row) {
    const s = row.status;
    row.summary.replaceChildren(...COLUMNS.map((c) => el('span',
      { class: 'cell c-' + c.key, 'data-label': c.key === 'stack' ? null : t('col.' + c.key) }, ...c.cell(s))));
  }

  function createRow(s) {
    const details = el('details', { class: 'stack', 'data-stack': s.stack });
    const summary = el('summary', { class: 'row' });
    details.append(summary);
    const row = { status: s, details, summary, more: null, text: '' };
    rows.set(s.stack, row);
    updateRow(row, s);
    return row;
  }

  function updateRow(row, s) {
    row.status = s;
    row.details.dataset.phase = s.phase;
    fillSummary(row);
    row.text = [s.stack, s.environment, s.phase, t('phase.' + s.phase), s.desiredVersion, s.currentVersion, s.verifiedVersion,
      s.failedVersion, reason(s), s.message, s.source && s.source.commit && s.source.commit.slice(0, 7)].filter(Boolean).join(' ').toLowerCase();
    if (row.details.open) renderMore(row);
  }

  function compare(a, b) {
    if (sortBy === 'phase') {
      const byPhase = PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase);
      if (byPhase) return byPhase;
    }
    return a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0;
  }

  /** Puts every row in order, in one go. */
  function sortAll() {
    const focused = document.activeElement;
    const fragment = document.createDocumentFragment();
    [...rows.values()].sort((a, b) => compare(a.status, b.status)).forEach((row) => fragment.append(row.details));
    $('stacks').append(fragment);
    if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
  }

  /** Puts one row where it belongs, moving it only when it is not there already. */
  function place(row) {
    const list = $('stacks');
    let next = null;
    for (const child of list.children) {
      const other = rows.get(child.dataset.stack);
      if (other && other !== row && compare(row.status, other.status) < 0) {
        next = child;
        break;
      }
    }
    if (row.details.parentNode !== list || row.details.nextElementSibling !== next) {
      const focused = document.activeElement;
      list.insertBefore(row.details, next);
      if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
    }
  }

  function applyStatus(s, bulk) {
    const row = rows.get(s.stack);
    if (!row) {
      const created = createRow(s);
      if (!bulk) place(created);
      filterRow(created);
    } else {
      if (row.status.updatedAt && s.updatedAt && s.updatedAt < row.status.updatedAt) return; // an older read
      const moved = row.status.phase !== s.phase;
      updateRow(row, s);
      if (moved && sortBy === 'phase' && !bulk) place(row);
      filterRow(row);
    }
    summarize();
  }

  function removeRow(name) {
    const row = rows.get(name);
    if (!row) return;
    row.details.remove();
    rows.delete(name);
    summarize();
  }

  function applySnapshot(snapshot) {
    const names = new Set(snapshot.stacks.map((s) => s.stack));
    [...rows.keys()].filter((name) => !names.has(name)).forEach(removeRow);
    snapshot.stacks.forEach((s) => applyStatus(s, true));
    sortAll();
    renderPass(snapshot.pass);
    renderSource(snapshot.source);
  }

  // ------------------------------------------------------------------ filter, counts
  function matches(row) {
    if (phaseOnly && row.status.phase !== phaseOnly) return false;
    return !query || query.split(/\s+/).every((word) => row.text.includes(word));
  }

  function filterRow(row) {
    const hide = !matches(row);
    if (row.details.hidden !== hide) row.details.hidden = hide;
  }

  function filterAll() {
    rows.forEach(filterRow);
    summarize();
  }

  let summaryDue = false;
  /** Counts per phase and "n of m stacks", once per turn of the event loop however many rows changed. */
  function summarize() {
    if (summaryDue) return;
    summaryDue = true;
    setTimeout(() => {
      summaryDue = false;
      renderCounts();
      renderBackup();
      let shown = 0;
      rows.forEach((row) => { if (!row.details.hidden) shown += 1; });
      $('shown').textContent = t('shown', { shown, total: rows.size });
      const empty = $('empty');
      empty.hidden = shown > 0;
      empty.textContent = rows.size === 0 ? t('noStacks') : t('noMatch');
    }, 0);
  }

  function renderCounts() {
    const counts = new Map();
    rows.forEach((row) => counts.set(row.status.phase, (counts.get(row.status.phase) || 0) + 1));
    const chips = PHASES.filter((phase) => counts.get(phase) || phaseOnly === phase).map((phase) => {
      const chip = el('button', { type: 'button', class: 'count p-' + phase, 'data-phase': phase, 'aria-pressed': String(phaseOnly === phase),
        title: t('phases.filter') }, t('phase.' + phase) + ' ', el('b', { text: String(counts.get(phase) || 0) }));
      chip.addEventListener('click', () => {
        phaseOnly = phaseOnly === phase ? null : phase;
        filterAll();
      });
      return chip;
    });
    const focusedPhase = document.activeElement && document.activeElement.classList.contains('count')
      ? document.activeElement.dataset.phase : null;
    $('counts').replaceChildren(...chips);
    if (focusedPhase) {
      const again = $('counts').querySelector(`[data-phase="${focusedPhase}"]`);
      if (again) again.focus();
    }
  }

  // ------------------------------------------------------------------ an expanded row
  function renderMore(row) {
    const s = row.status;
    if (!row.more) {
      row.more = {
        box: el('div', { class: 'more' }),
        actions: el('div', { class: 'actions', role: 'group', 'aria-label': t('actions') }),
        source: el('section'),
        services: el('section'),
        failedLogs: el('section', { class: 'failed-logs', hidden: true }),
        history: el('section', null, el('h2', { text: t('history') }), el('p', { class: 'muted', text: t('loading') })),
        events: el('section', null, el('h2', { text: t('events') }), el('p', { class: 'muted', text: t('loading') })),
        loads: 0,
      };
      row.more.box.append(row.more.actions, row.more.source, row.more.services, row.more.failedLogs, row.more.history, row.more.events);
      row.details.append(row.more.box);
    }
    renderActions(row);
    row.more.source.hidden = !(s.source && s.source.commit);
    row.more.source.replaceChildren(...(s.source && s.source.commit ? [el('h2', { text: t('source') }), sourceLine(s.source)] : []));
    row.more.services.replaceChildren(el('h2', { text: t('services') }), servicesTable(s));
    const load = ++row.more.loads;
    const base = '/api/stacks/' + encodeURIComponent(s.stack);
    fetchJson(base + '/history').then((lines) => {
      if (load === row.more.loads) row.more.history.replaceChildren(el('h2', { text: t('history') }), historyList(lines));
    }, (error) => {
      if (load === row.more.loads) row.more.history.replaceChildren(el('h2', { text: t('history') }), failed(error));
    });
    fetchJson(base + '/failed-logs').then((logs) => {
      if (load !== row.more.loads) return;
      row.more.failedLogs.hidden = !logs || !logs.length;
      row.more.failedLogs.replaceChildren(...(logs && logs.length ? [el('h2', { text: s.failedVersion
        ? t('failedLogs.of', { version: s.failedVersion }) : t('failedLogs') }), failedLogList(logs)] : []));
    }, (error) => {
      if (load !== row.more.loads) return;
      row.more.failedLogs.hidden = false;
      row.more.failedLogs.replaceChildren(el('h2', { text: t('failedLogs') }), failed(error));
    });
    fetchJson(base + '/events').then((events) => {
      if (load === row.more.loads) row.more.events.replaceChildren(el('h2', { text: t('events') }), eventList(events));
    }, (error) => {
      if (load === row.more.loads) row.more.events.replaceChildren(el('h2', { text: t('events') }), failed(error));
    });
  }

  async function fetchJson(url) {
    const response = await fetch(url, { cache: 'no-store' });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.error) || String(response.status));
    return body;
  }

  function failed(error) {
    return el('p', { class: 'error', text: t('loadFailed', { error: error.message }) });
  }

  function servicesTable(s) {
    const services = s.services || [];
    if (!services.length) return el('p', { class: 'muted', text: t('none') });
    const head = el('tr', null, ...['svc.name', 'svc.container', 'svc.image', 'svc.digest', 'svc.state', 'svc.health']
      .map((key) => el('th', { scope: 'col', text: t(key) })));
    const body = services.map((svc) => el('tr', null,
      el('td', { text: svc.name || '' }),
      el('td', { class: 'mono', text: svc.container || '' }),
      el('td', { class: 'mono', text: svc.image || '' }),
      el('td', { class: 'mono', title: svc.imageDigest || null, text: shortDigest(svc.imageDigest) }),
      el('td', { text: svc.state || '' }),
      el('td', { text: svc.health || '—' })));
    return el('div', { class: 'scroll' }, el('table', null, el('thead', null, head), el('tbody', null, ...body)));
  }

  /** The commit in full: sha, subject, author and when. */
  function sourceLine(source) {
    return el('p', { class: 'source' }, el('span', { class: 'mono', text: source.commit }), ' ',
      el('b', { text: source.subject || '' }), ' — ' + (source.author || ''), source.time ? ' · ' : null, timeEl(source.time));
  }

  /** What each service of the last failed version wrote, as stackctl logs STACK --failed shows it. */
  function failedLogList(logs) {
    return el('div', null, ...logs.map((log) => el('div', { class: 'failed-log', 'data-service': log.service },
      logs.length > 1 ? el('h3', { class: 'mono', text: log.service }) : null,
      el('pre', { class: 'log', tabindex: '0', text: log.log || t('none') }))));
  }

  function shortDigest(digest) {
    if (!digest) return '—';
    const at = digest.indexOf('sha256:');
    return at < 0 ? digest : digest.slice(at, at + 7 + 12) + '…';
  }

  function historyList(lines) {
    if (!lines || !lines.length) return el('p', { class: 'muted', text: t('none') });
    return el('ol', null, ...lines.slice(-HISTORY_LINES).reverse().map((line) => el('li', null,
      el('time', { text: line.time }), line.action + ' ', el('span', { class: 'version', text: line.version }), ' ',
      el('span', { class: 'result-' + line.status, text: line.status }), line.notes ? ' — ' + line.notes : '')));
  }

  function eventList(events) {
    if (!events || !events.length) return el('p', { class: 'muted', text: t('none') });
    return el('ol', null, ...events.slice(-EVENTS).reverse().map((event) => el('li', null,
      timeEl(event.time),
      (event.from ? event.from + ' → ' : '') + (event.to || ''),
      event.reason && event.reason !== event.to ? el('b', null, ' ' + event.reason) : null,
      event.message ? ' — ' + event.message : '',
      event.durationMs != null ? el('span', { class: 'muted' }, ' (' + duration(event.durationMs) + ')') : null)));
  }

  // ------------------------------------------------------------------ actions, with the token only
  function renderActions(row) {
    const box = row.more.actions;
    const focused = box.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    if (!token) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    const s = row.status;
    const actions = [s.phase === 'Paused' ? 'resume' : 'pause'];
    if (s.failedVersion || s.phase === 'Failed') actions.push('retry');
    actions.push('reconcile');
    box.replaceChildren(...actions.map((action) => {
      const button = el('button', { type: 'button', 'data-action': action, text: t('action.' + action) });
      button.addEventListener('click', () => ask(action, s.stack));
      return button;
    }));
    box.hidden = false;
    if (focused) {
      const again = box.querySelector(`[data-action="${focused}"]`);
      if (again) again.focus();
    }
  }

  function ask(action, stack) {
    const dialog = $('ask');
    const reasonBox = $('ask-reason-box');
    const reasonInput = $('ask-reason');
    const needsReason = action === 'pause';
    $('ask-text').textContent = t('ask.' + action, { stack });
    reasonBox.hidden = !needsReason;
    reasonInput.disabled = !needsReason;
    reasonInput.required = needsReason;
    reasonInput.value = '';
    reasonInput.setCustomValidity(needsReason ? t('ask.reason') : '');
    dialog.returnValue = '';
    dialog.onclose = () => {
      if (dialog.returnValue === 'ok') perform(action, stack, reasonInput.value.trim());
    };
    dialog.showModal();
    (needsReason ? reasonInput : $('ask-ok')).focus();
  }

  $('ask-reason').addEventListener('input', (e) => {
    e.target.setCustomValidity(e.target.value.trim() ? '' : t('ask.reason'));
  });

  async function perform(action, stack, why) {
    const request = { method: 'POST', headers: { Authorization: 'Bearer ' + token } };
    if (action === 'pause') {
      request.headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify({ reason: why });
    }
    let response;
    try {
      response = await fetch('/api/stacks/' + encodeURIComponent(stack) + '/' + action, request);
    } catch (error) {
      notice(t('actionFailed', { stack, error: error.message }), 'error');
      return;
    }
    if (response.status === 401) {
      forgetToken();
      notice(t('refused'), 'error');
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      notice(t('actionFailed', { stack, error: body.error || response.status }), 'error');
      return;
    }
    if (action === 'resume' && body.resumed === false) notice(t('done.resumeNothing', { stack }));
    else if (action === 'retry' && body.retrying === '') notice(t('done.retryNothing', { stack }));
    else notice(t('done.' + action, { stack }));
  }

  let noticeTimer = null;
  function notice(text, kind) {
    const box = $('notice');
    box.textContent = text;
    box.dataset.kind = kind || 'info';
    box.hidden = false;
    clearTimeout(noticeTimer);
    if (kind !== 'error') noticeTimer = setTimeout(() => { box.hidden = true; }, 10000);
  }

  // ------------------------------------------------------------------ the token
  function renderAuth() {
    const mode = $('mode');
    mode.textContent = token ? t('token.active') : t('token.readOnly');
    mode.toggleAttribute('data-active', Boolean(token));
    $('token-open').hidden = Boolean(token) || !$('token-form').hidden;
    $('token-forget').hidden = !token;
    rows.forEach((row) => { if (row.more) renderActions(row); });
  }

  function tokenError(text) {
    const error = $('token-error');
    error.textContent = text || '';
    error.hidden = !text;
  }

  function forgetToken() {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    renderAuth();
  }

  /** Asks the daemon whether the token is its own before any button shows; a wrong one is said so. */
  async function checkToken(candidate) {
    let response;
    try {
      response = await fetch('/api/token', { headers: { Authorization: 'Bearer ' + candidate }, cache: 'no-store' });
    } catch (error) {
      return t('token.checkFailed', { error: error.message });
    }
    if (response.status === 401) return t('token.wrong');
    if (!response.ok) return t('token.checkFailed', { error: response.status });
    return null;
  }

  $('token-open').addEventListener('click', () => {
    $('token-form').hidden = false;
    $('token-open').hidden = true;
    tokenError(null);
    $('token-input').focus();
  });
  $('token-cancel').addEventListener('click', () => {
    $('token-form').hidden = true;
    $('token-input').value = '';
    tokenError(null);
    renderAuth();
    $('token-open').focus();
  });
  $('token-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const candidate = $('token-input').value.trim();
    if (!candidate) return;
    const problem = await checkToken(candidate);
    if (problem) {
      tokenError(problem);
      $('token-input').select();
      return;
    }
    token = candidate;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token-input').value = '';
    $('token-form').hidden = true;
    tokenError(null);
    renderAuth();
  });
  $('token-forget').addEventListener('click', () => {
    forgetToken();
    $('token-open').focus();
  });

  // ------------------------------------------------------------------ the host strip
  function renderPass(pass) {
    const box = $('pass');
    if (!pass) {
      box.textContent = t('pass.none');
      return;
    }
    box.replaceChildren(timeEl(pass.finishedAt), ' · ' + t('pass.took') + ' ' + duration(pass.tookMs),
      pass.complete ? '' : el('span', { class: 'result-blocked' }, ' · ' + t('pass.incomplete')));
  }

  /** The git repository followed: its last fetched commit, and whether it answers; nothing for a plain folder. */
  function renderSource(remote) {
    const fact = $('source-fact');
    fact.hidden = !remote;
    if (!remote) return;
    const box = $('source');
    const commit = remote.commit;
    box.dataset.state = remote.reachable ? 'up' : 'down';
    box.title = remote.url + ' (' + remote.branch + ')';
    box.replaceChildren(commit ? commitEl(commit) : el('span', { text: t('source.neverFetched') }),
      commit && commit.subject ? el('span', { class: 'muted' }, ' ' + commit.subject) : null,
      ' · ', remote.reachable
        ? el('span', { class: 'reachable' }, t('source.reachable'), remote.fetchedAt ? ' ' : null,
          remote.fetchedAt ? timeEl(remote.fetchedAt, t('source.fetched')) : null)
        : el('span', { class: 'result-fail', title: remote.error || null },
          t('source.unreachable'), remote.failingSince ? ' ' : null, timeEl(remote.failingSince, t('source.failingSince'))));
  }

  /** The newest backup verification of any stack: which one, when, and whether it passed. */
  function renderBackup() {
    let newest = null;
    rows.forEach((row) => {
      const v = row.status.lastVerifiedBackup;
      if (v && v.at && (!newest || v.at > newest.verified.at)) newest = { stack: row.status.stack, verified: v };
    });
    const box = $('backup');
    if (!newest) {
      box.dataset.state = 'unknown';
      box.textContent = t('backup.none');
      return;
    }
    box.dataset.state = newest.verified.passed ? 'up' : 'down';
    box.replaceChildren(el('span', { class: newest.verified.passed ? 'result-success' : 'result-fail',
      text: newest.verified.passed ? t('backup.passed') : t('backup.failed') }), ' · ' + newest.stack + ' ',
    el('span', { class: 'mono', text: newest.verified.id || '' }), ' · ', timeEl(newest.verified.at));
  }

  /** The disks the operator needs: DiskPressure and its message while one is under the preflight's threshold. */
  function renderDisk(check, data) {
    const box = $('disk');
    if (!check) {
      box.dataset.state = 'unknown';
      box.textContent = t('engine.unknown');
    } else if (data.DiskPressure) {
      box.dataset.state = 'down';
      box.replaceChildren(el('span', { class: 'result-fail', text: 'DiskPressure' }), ' · ' + data.DiskPressure);
    } else {
      box.dataset.state = 'up';
      box.textContent = t('disk.ok');
    }
  }

  /** The engine as /q/health/ready tells it; read at the start, on each (re)connection and after each pass. */
  async function loadEngine() {
    let health = null;
    try {
      const response = await fetch('/q/health/ready', { cache: 'no-store' });
      health = await response.json();
    } catch (error) {
      health = null;
    }
    const check = health && (health.checks || []).find((c) => c.name === 'operator');
    const data = (check && check.data) || {};
    renderDisk(check, data);
    const box = $('engine');
    const docker = data.engine ? ' · Docker ' + data.engine : '';
    if (!check) {
      box.dataset.state = 'unknown';
      box.textContent = t('engine.unknown');
    } else if (check.status === 'UP') {
      box.dataset.state = 'up';
      box.textContent = t('engine.reachable') + docker;
    } else if ('firstPassDone' in data || 'pass' in data) {
      box.dataset.state = 'warn';
      box.textContent = t('engine.reachable') + docker + ' · ' + (data.pass || t('engine.firstPass'));
    } else {
      box.dataset.state = 'down';
      box.textContent = t('engine.unreachable') + (data.engine ? ': ' + data.engine : '');
    }
  }

  // ------------------------------------------------------------------ the stream
  let lastId = initial.id;
  let retryIn = 1000;

  function live(state) {
    const box = $('live');
    box.dataset.state = state;
    box.textContent = t(state === 'on' ? 'live.on' : state === 'lost' ? 'live.lost' : 'live.connecting');
  }

  function connect() {
    const source = new EventSource('/api/events/stream?since=' + encodeURIComponent(lastId));
    const seen = (e) => { if (e.lastEventId) lastId = e.lastEventId; };
    source.addEventListener('open', () => { live('on'); retryIn = 1000; });
    source.addEventListener('error', () => {
      live('lost');
      if (source.readyState === EventSource.CLOSED) { // the browser gave up: start again, waiting longer each time
        setTimeout(connect, retryIn);
        retryIn = Math.min(retryIn * 2, 30000);
      }
    });
    source.addEventListener('hello', (e) => { seen(e); live('on'); loadEngine(); });
    source.addEventListener('snapshot', (e) => { seen(e); applySnapshot(JSON.parse(e.data)); });
    source.addEventListener('stack', (e) => { seen(e); applyStatus(JSON.parse(e.data)); });
    source.addEventListener('removed', (e) => { seen(e); removeRow(JSON.parse(e.data)); });
    source.addEventListener('pass', (e) => { seen(e); renderPass(JSON.parse(e.data)); loadEngine(); });
    source.addEventListener('source', (e) => { seen(e); renderSource(JSON.parse(e.data)); });
  }

  // ------------------------------------------------------------------ start
  document.documentElement.style.setProperty('--cols', COLUMNS.map((c) => c.width).join(' '));
  $('head').replaceChildren(...COLUMNS.map((c) => el('span', { class: 'cell c-' + c.key, text: t('col.' + c.key) })));
  initial.stacks.forEach((s) => createRow(s));
  sortAll();
  filterAll();
  renderPass(initial.pass);
  renderSource(initial.source);
  renderAuth();
  performance.mark('stacks-rendered');
  requestAnimationFrame(() => setTimeout(() => performance.mark('stacks-painted'), 0));

  $('stacks').addEventListener('toggle', (e) => { // toggle does not bubble: caught on its way down
    const row = e.target.dataset && rows.get(e.target.dataset.stack);
    if (row && e.target.open) renderMore(row);
  }, true);
  let filterTimer = null;
  $('filter').addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      query = $('filter').value.trim().toLowerCase();
      filterAll();
    }, 60);
  });
  $('sort').addEventListener('change', () => {
    sortBy = $('sort').value;
    sortAll();
  });
  setInterval(() => document.querySelectorAll('time.ago').forEach((e) => { e.textContent = ago(e.dateTime); }), 15000);

  if (token) { // a token kept from earlier in this tab: the daemon may have another one by now
    checkToken(token).then((problem) => {
      if (problem) {
        forgetToken();
        tokenError(problem);
      }
    });
  }
  loadEngine();
  connect();
})();
