'use strict';
// GatewayMesh dashboard: polls the read-only API (bearer token = the registry's token) and redraws without a reload.
(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { token: null, graph: null, selected: null, tab: 'graph', filter: '' };
  const $ = id => document.getElementById(id);

  function readToken() {
    const match = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem('gm-token', decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname); // keep the token out of the address bar and history
    }
    return sessionStorage.getItem('gm-token');
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' });
    if (response.status === 401) { showSignIn(); throw new Error('the token was refused'); }
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
  }

  function showSignIn() { $('signin').hidden = false; $('status').textContent = 'signed out'; }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function html(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  const fmt = {
    rate: r => r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2),
    ms: v => v === null || v === undefined ? '–' : v >= 100 ? v.toFixed(0) + 'ms' : v.toFixed(1) + 'ms',
    pct: v => v === 0 ? '0%' : v < 1 ? v.toFixed(1) + '%' : v.toFixed(0) + '%',
  };

  // Layered layout: a node's column is its longest distance from a node nobody calls; rows in name order.
  function layout(nodes, edges) {
    const incoming = new Map(nodes.map(n => [n.id, []]));
    edges.forEach(e => incoming.has(e.target) && incoming.get(e.target).push(e.source));
    const depth = new Map();
    const visit = (id, seen) => {
      if (depth.has(id)) return depth.get(id);
      if (seen.has(id)) return 0;
      seen.add(id);
      const d = Math.max(-1, ...incoming.get(id).filter(s => incoming.has(s)).map(s => visit(s, seen))) + 1;
      depth.set(id, d);
      return d;
    };
    nodes.forEach(n => visit(n.id, new Set()));
    const columns = [];
    nodes.slice().sort((a, b) => a.name.localeCompare(b.name)).forEach(n => {
      const c = depth.get(n.id) || 0;
      (columns[c] = columns[c] || []).push(n);
    });
    const positions = new Map();
    columns.forEach((column, c) => column.forEach((n, r) => positions.set(n.id, { x: 30 + c * 440, y: 30 + r * 74 })));
    const width = 30 + columns.length * 440 - 240;
    const height = 30 + Math.max(1, ...columns.map(c => c.length)) * 74;
    return { positions, width, height };
  }

  // A padlock drawn in SVG (no icon font or emoji font is needed): shackle over a body, 9 × 11 px at (x, y).
  function lock(x, y) {
    const g = el('g', { class: 'lock', transform: `translate(${x},${y})` });
    g.appendChild(el('path', { d: 'M 2 5 V 3.5 a 2.5 2.5 0 0 1 5 0 V 5' }));
    g.appendChild(el('rect', { x: 0, y: 5, width: 9, height: 6, rx: 1 }));
    return g;
  }

  function drawGraph(graph) {
    const svg = $('graph');
    svg.replaceChildren();
    const { positions, width, height } = layout(graph.nodes, graph.edges);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const defs = el('defs');
    for (const h of ['healthy', 'degraded', 'failure', 'idle']) {
      const marker = el('marker', { id: 'arrow-' + h, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      marker.appendChild(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: h, fill: 'currentColor' }));
      defs.appendChild(marker);
    }
    svg.appendChild(defs);
    const W = 170, H = 46;
    for (const e of graph.edges) {
      const a = positions.get(e.source), b = positions.get(e.target);
      if (!a || !b) continue;
      const g = el('g', { class: 'edge', 'data-edge': `${e.source}->${e.target}`, 'data-health': e.health, 'data-rate': e.requestsPerSecond.toFixed(3), 'data-mtls': String(e.mutualTls) });
      const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      g.appendChild(el('line', { x1, y1, x2, y2, class: e.health, 'marker-end': `url(#arrow-${e.health})` }));
      // The label sits in the gap between the columns, centred on the line, with the mTLS lock before it.
      const label = `${fmt.rate(e.requestsPerSecond)} rps · ${fmt.pct(e.serverErrorPercent)} err · p50 ${fmt.ms(e.p50Milliseconds)} p99 ${fmt.ms(e.p99Milliseconds)}`;
      const lx = (x1 + x2) / 2, ly = (y1 + y2) / 2 - 6;
      const text = el('text', { x: lx, y: ly, 'text-anchor': 'middle' }, label);
      g.appendChild(text);
      g.appendChild(el('title', {}, `${e.service}\ncodes/s: ${JSON.stringify(e.codes)}\nflags: ${e.flags.join(',') || '-'}\ntotal: ${e.totalRequests}${e.mutualTls ? '\nmTLS' : ''}`));
      svg.appendChild(g);
      if (e.mutualTls) g.appendChild(lock(lx - text.getComputedTextLength() / 2 - 12, ly - 9));
    }
    const filter = state.filter.toLowerCase();
    for (const n of graph.nodes) {
      const p = positions.get(n.id);
      const dim = filter && !n.id.toLowerCase().includes(filter);
      const g = el('g', { class: `node${state.selected === n.id ? ' selected' : ''}${dim ? ' dim' : ''}`, 'data-node': n.id, 'data-health': n.health, transform: `translate(${p.x},${p.y})` });
      g.appendChild(el('rect', { width: W, height: H, class: n.health }));
      g.appendChild(el('text', { x: 8, y: 18 }, n.name));
      const proxy = n.proxy ? ` · ${n.proxy.sync}` : n.kind === 'service' ? ' · service' : '';
      g.appendChild(el('text', { x: 8, y: 36, class: 'sub' }, `${n.namespace}${n.version ? ' · ' + n.version : ''}${proxy}`));
      g.addEventListener('click', () => select(n.id));
      svg.appendChild(g);
    }
  }

  function drawProxies(graph) {
    const body = $('proxies').tBodies[0];
    body.replaceChildren();
    for (const n of graph.nodes.filter(n => n.proxy)) {
      const p = n.proxy, row = document.createElement('tr');
      row.dataset.proxy = p.name;
      const expiry = p.certificateExpiry ? new Date(p.certificateExpiry).toLocaleString() : 'no certificate';
      for (const [text, cls] of [[p.name], [p.role], [p.up ? 'up' : 'down', p.up ? '' : 'DOWN'], [p.sync, p.sync], [p.revision ?? '–'], [expiry], [p.ejected.length ? p.ejected.join(', ') : 'none']]) {
        row.appendChild(html('td', String(text), cls));
      }
      body.appendChild(row);
    }
  }

  async function select(id) {
    state.selected = id;
    const node = state.graph && state.graph.nodes.find(n => n.id === id);
    if (!node) return;
    const body = $('details-body');
    body.replaceChildren(html('h2', node.name), html('p', `${node.kind} in ${node.namespace}, app ${node.app}${node.version ? ', version ' + node.version : ''}, health ${node.health}`));
    if (node.proxy) {
      const p = node.proxy;
      body.appendChild(html('p', `proxy ${p.name}: ${p.up ? 'up' : 'down'}, ${p.sync} (revision ${p.revision ?? '–'}), certificate ${p.certificateExpiry ? 'expires ' + new Date(p.certificateExpiry).toLocaleString() : 'none'}${p.identity ? ' (' + p.identity + ')' : ''}`));
      body.appendChild(html('p', 'ejected endpoints: ' + (p.ejected.length ? p.ejected.join(', ') : 'none')));
    }
    const edges = state.graph.edges.filter(e => e.source === id || e.target === id);
    for (const e of edges) body.appendChild(html('p', `${e.source} → ${e.target}: ${fmt.rate(e.requestsPerSecond)} rps, 5xx ${fmt.pct(e.serverErrorPercent)}, 4xx ${fmt.pct(e.clientErrorPercent)}, p50 ${fmt.ms(e.p50Milliseconds)}, p99 ${fmt.ms(e.p99Milliseconds)}${e.mutualTls ? ', mTLS' : ''}`));
    $('details').hidden = false;
    const heading = html('h3', 'Config that applies');
    const list = html('div');
    list.id = 'config-list';
    body.append(heading, list);
    try {
      const service = node.app || node.name;
      const config = await api(`/api/config?service=${encodeURIComponent(service)}&namespace=${encodeURIComponent(node.namespace)}`);
      if (!config.items.length) list.appendChild(html('p', 'none'));
      for (const item of config.items) {
        const entry = html('details');
        entry.dataset.config = `${item.kind}/${item.namespace}/${item.name}`;
        entry.appendChild(html('summary', `${item.kind} ${item.namespace}/${item.name} (${item.why})`));
        entry.appendChild(html('pre', JSON.stringify(item.spec, null, 2)));
        list.appendChild(entry);
      }
    } catch (error) { list.appendChild(html('p', String(error.message))); }
    if (state.graph) drawGraph(state.graph);
  }

  async function drawTraces() {
    const { traces } = await api('/api/traces');
    const list = $('traces-list');
    list.replaceChildren();
    if (!traces.length) { list.appendChild(html('p', 'No traces yet. Start the mesh with ./meshctl up --tracing and send some requests.')); return; }
    const table = html('table');
    table.appendChild(html('thead')).appendChild(document.createElement('tr')).append(...['trace', 'root span', 'service', 'spans', 'duration'].map(t => html('th', t)));
    const body = table.appendChild(html('tbody'));
    for (const t of traces.slice(0, 100)) {
      const row = document.createElement('tr');
      row.dataset.trace = t.traceId;
      row.append(html('td', t.traceId.slice(0, 16)), html('td', t.root), html('td', t.service), html('td', String(t.spans)), html('td', fmt.ms(t.durationMilliseconds)));
      row.addEventListener('click', () => drawWaterfall(t.traceId));
      body.appendChild(row);
    }
    list.appendChild(table);
  }

  async function drawWaterfall(id) {
    const { spans } = await api('/api/traces/' + encodeURIComponent(id));
    const box = $('waterfall');
    box.replaceChildren(html('h3', 'Trace ' + id));
    const start = Math.min(...spans.map(s => s.startUnixNano)), end = Math.max(...spans.map(s => s.endUnixNano));
    const total = Math.max(1, end - start);
    const children = new Map(), ids = new Set(spans.map(s => s.spanId));
    spans.forEach(s => { const p = ids.has(s.parentSpanId) ? s.parentSpanId : null; (children.get(p) || children.set(p, []).get(p)).push(s); });
    const walk = (parent, depth) => (children.get(parent) || []).forEach(s => {
      const row = html('div', undefined, 'bar-row');
      row.dataset.span = s.spanId;
      row.dataset.parent = s.parentSpanId || '';
      const label = html('div', `${'  '.repeat(depth)}${s.service}: ${s.name} (${fmt.ms((s.endUnixNano - s.startUnixNano) / 1e6)})`, 'bar-label');
      label.title = Object.entries(s.attributes).map(([k, v]) => `${k}=${v}`).join('\n');
      const track = html('div', undefined, 'bar-track');
      const bar = html('div', undefined, 'bar' + (s.status === 'ERROR' ? ' error' : ''));
      bar.style.left = (100 * (s.startUnixNano - start) / total) + '%';
      bar.style.width = Math.max(0.3, 100 * (s.endUnixNano - s.startUnixNano) / total) + '%';
      track.appendChild(bar);
      row.append(label, track);
      box.appendChild(row);
      walk(s.spanId, depth + 1);
    });
    walk(null, 0);
  }

  async function refresh() {
    if (!state.token) { showSignIn(); return; }
    try {
      state.graph = await api('/api/graph');
      $('signin').hidden = true;
      const g = state.graph;
      $('status').textContent = `${g.nodes.length} workloads · ${g.edges.length} edges · window ${Math.round(g.windowSeconds)}s · store revision ${g.storeRevision ?? '–'} · ${new Date(g.time).toLocaleTimeString()}`;
      if (state.tab === 'graph') drawGraph(g);
      if (state.tab === 'proxies') drawProxies(g);
      if (state.tab === 'traces') await drawTraces();
    } catch (error) { $('status').textContent = error.message; }
  }

  function showTab(tab) {
    state.tab = tab;
    document.querySelectorAll('.tab').forEach(b => b.classList.toggle('active', b.dataset.tab === tab));
    document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + tab; });
    refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    state.token = readToken();
    document.querySelectorAll('.tab').forEach(b => b.addEventListener('click', () => showTab(b.dataset.tab)));
    $('filter').addEventListener('input', e => { state.filter = e.target.value; if (state.graph) drawGraph(state.graph); });
    $('close-details').addEventListener('click', () => { $('details').hidden = true; state.selected = null; });
    $('signin-form').addEventListener('submit', e => { e.preventDefault(); state.token = $('token').value.trim(); sessionStorage.setItem('gm-token', state.token); refresh(); });
    refresh();
    setInterval(refresh, 2000);
  });
})();
