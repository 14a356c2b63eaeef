// A small stand-in for Jaeger's React UI (whose assets are not part of the Go module the project builds Jaeger
// from): the same URLs (/trace/<id>, /search) over the same query API (/api/...), a waterfall of one trace.
'use strict';
const main = document.getElementById('main');
const COLORS = ['#0969da', '#1a7f37', '#bf3989', '#9a6700', '#8250df', '#cf222e', '#0550ae', '#116329'];
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) (k === 'style' ? Object.assign(node.style, v) : node.setAttribute(k, v));
  for (const c of children) node.append(c);
  return node;
};
const ms = (us) => (us >= 1e6 ? `${(us / 1e6).toFixed(2)} s` : `${(us / 1000).toFixed(us < 10000 ? 2 : 0)} ms`);
const api = async (path) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()).data;
};

async function services() {
  const select = document.getElementById('service');
  const params = new URLSearchParams(location.search);
  for (const name of (await api('api/services')) ?? []) select.append(el('option', name === params.get('service') ? { selected: '' } : {}, name));
  document.getElementById('tags').value = params.get('tags') ?? '';
}

async function search() {
  const params = new URLSearchParams(location.search);
  if (!params.get('service')) return main.append(el('p', {}, 'Choose a service (and tags) to find its traces.'));
  const query = new URLSearchParams({ service: params.get('service'), limit: '20' });
  if (params.get('tags')) query.set('tags', params.get('tags'));
  const traces = await api(`api/traces?${query}`);
  const list = el('ul', { class: 'results' });
  for (const t of traces) {
    const root = t.spans.find((s) => !(s.references ?? []).some((r) => r.refType === 'CHILD_OF')) ?? t.spans[0];
    list.append(el('li', {}, el('a', { href: `trace/${t.traceID}` }, `${t.processes[root.processID].serviceName}: ${root.operationName}`),
      ` — ${t.spans.length} spans, ${ms(root.duration)}, ${new Date(root.startTime / 1000).toISOString()}`));
  }
  main.append(el('h1', {}, `${traces.length} trace(s)`), list);
}

async function showTrace(id) {
  const [t] = await api(`api/traces/${id}`);
  const byId = new Map(t.spans.map((s) => [s.spanID, s]));
  const parentOf = (s) => (s.references ?? []).find((r) => r.refType === 'CHILD_OF' && byId.has(r.spanID))?.spanID;
  const children = new Map();
  for (const s of t.spans) {
    const p = parentOf(s) ?? '';
    children.set(p, [...(children.get(p) ?? []), s]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startTime - b.startTime);
  const start = Math.min(...t.spans.map((s) => s.startTime));
  const end = Math.max(...t.spans.map((s) => s.startTime + s.duration));
  const total = Math.max(end - start, 1);
  const serviceNames = [...new Set(Object.values(t.processes).map((p) => p.serviceName))];
  const colorOf = (svc) => COLORS[serviceNames.indexOf(svc) % COLORS.length];
  const roots = children.get('') ?? [];
  const root = roots[0];
  document.title = `${t.processes[root.processID].serviceName}: ${root.operationName} — Jaeger (local)`;
  main.append(
    el('h1', {}, `${t.processes[root.processID].serviceName}: ${root.operationName}`),
    el('div', { class: 'meta' }, 'Trace ', el('b', {}, t.traceID), '  ·  Duration ', el('b', {}, ms(total)), '  ·  Services ',
      el('b', {}, String(serviceNames.length)), '  ·  Spans ', el('b', {}, String(t.spans.length)), '  ·  ',
      ...(root.tags ?? []).filter((tag) => tag.key.startsWith('rp.')).map((tag) => el('span', {}, `${tag.key}=${tag.value}  `))),
    el('div', { class: 'ticks' }, el('div', {}, 'Service & Operation'), el('div', {}, ...[0, 1, 2, 3, 4].map((i) => el('span', {}, ms((total * i) / 4))))),
  );
  const walk = (span, depth) => {
    const svc = t.processes[span.processID].serviceName;
    const links = (span.references ?? []).filter((r) => r.refType !== 'CHILD_OF').length;
    const failed = (span.tags ?? []).some((tag) => tag.key === 'error' && tag.value === true) || (span.tags ?? []).some((tag) => tag.key === 'otel.status_code' && tag.value === 'ERROR');
    const left = ((span.startTime - start) / total) * 100;
    const width = (span.duration / total) * 100;
    const row = el('div', { class: `row${failed ? ' error' : ''}` },
      el('div', { class: 'label', style: { paddingLeft: `${4 + depth * 14}px` } },
        el('span', { class: 'svc', style: { background: colorOf(svc) } }, svc), span.operationName,
        ...(links ? [el('span', { class: 'links' }, `↗ ${links} link${links > 1 ? 's' : ''}`)] : [])),
      el('div', { class: 'timeline' },
        el('div', { class: 'bar', style: { left: `${left}%`, width: `${width}%`, background: colorOf(svc) } }),
        el('div', { class: 'dur', style: left + width > 80 ? { right: `${100 - left + 0.5}%` } : { left: `${left + width + 0.5}%` } }, ms(span.duration))));
    row.addEventListener('click', () => {
      if (row.nextSibling?.classList?.contains('detail')) return row.nextSibling.remove();
      const rows = (span.tags ?? []).map((tag) => el('tr', {}, el('td', {}, tag.key), el('td', {}, String(tag.value))));
      for (const r of (span.references ?? []).filter((ref) => ref.refType !== 'CHILD_OF')) {
        const target = byId.get(r.spanID);
        rows.push(el('tr', {}, el('td', {}, 'link'), el('td', {}, target ? `${t.processes[target.processID].serviceName}: ${target.operationName}` : `${r.traceID}/${r.spanID}`)));
      }
      row.after(el('div', { class: 'row detail' }, el('table', {}, ...rows)));
    });
    main.append(row);
    for (const child of children.get(span.spanID) ?? []) walk(child, depth + 1);
  };
  for (const r of roots) walk(r, 0);
}

(async () => {
  try {
    await services();
    const match = /\/trace\/([0-9a-f]+)/i.exec(location.pathname);
    await (match ? showTrace(match[1]) : search());
  } catch (error) {
    main.append(el('p', {}, `Could not load: ${error.message}`));
  }
})();
