/**
 * The dashboard page: one HTML file with its CSS and script inline, drawn by hand on canvases
 * (bars, two line charts: shorter than bringing in a chart library and inlining it into every
 * report). Live, it follows the server's event stream; as a report it carries the state inside
 * and needs nothing else, so it opens from file://.
 */
import type { DashState } from './recorder.js';
import { REPORT_MARK, statusMeta } from './checkpoint.js';

export interface PageOptions {
  title: string;
  live: boolean;
  /** The state drawn by a static report. */
  state?: DashState;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderPage(o: PageOptions): string {
  const title = escapeHtml(o.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${o.state ? `${REPORT_MARK}\n${statusMeta(o.state.run.status)}` : ''}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ssdp ${o.live ? 'dashboard' : 'performance report'}: ${title}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header><h1>ssdp ${o.live ? 'dashboard' : 'performance report'}: <span id="title">${title}</span></h1><span id="status" class="status">connecting</span><span id="clock"></span></header>
<main>
<section id="summary-box"><h2>Run</h2><dl id="summary"></dl><table id="kind-times" class="table"><thead><tr><th>task kind</th><th>tasks</th><th>time in tasks</th><th>mean</th></tr></thead><tbody></tbody></table></section>
<section><h2>Progress</h2><div id="progress" class="chart" data-items="0"></div></section>
<section class="wide"><h2>Task stream</h2><div class="legend" id="legend"></div><canvas id="stream" class="chart" data-items="0"></canvas><div id="tip" class="tip"></div>
<h3>Data moved to and from workers</h3><canvas id="moved" class="chart" data-items="0"></canvas></section>
<section><h2>Memory of the run</h2><canvas id="memory" class="chart" data-items="0"></canvas></section>
<section class="wide"><h2>Workers</h2><table id="workers" class="table chart" data-items="0"><thead><tr><th>slot</th><th>host</th><th>pid</th><th>memory</th><th>peak</th><th>heap</th><th>running</th><th>last heartbeat</th><th>Slurm job</th><th>state</th><th>ssdp worker</th></tr></thead><tbody></tbody></table></section>
<section class="wide"><h2>Failures</h2><div id="failures" data-items="0"><p class="muted">none</p></div></section>
</main>
<script>var SSDP_DATA = ${o.state ? scriptJson(o.state) : 'null'};</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{display:flex;gap:1em;align-items:baseline;padding:.6em 1em;background:#1f3a5f;color:#fff}
header h1{font-size:1.1em;margin:0}
.status{padding:0 .5em;border-radius:3px;background:#555}
.status.running{background:#2a7ab0}.status.done{background:#2e8b57}.status.failed{background:#c0392b}.status.unfinished,.status.stopped{background:#d35400}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em;padding:1em}
section{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.5em 1em;min-width:0}
section.wide{grid-column:1/-1}
h2{font-size:1em;margin:.2em 0 .5em}h3{font-size:.9em;margin:.8em 0 .3em;color:#555}
canvas{width:100%;display:block}
#stream{height:160px}#moved,#memory{height:150px}
.table{border-collapse:collapse;width:100%;font-size:.9em}
.table th,.table td{text-align:left;padding:2px 6px;border-bottom:1px solid #eee;white-space:nowrap}
.kind{display:grid;grid-template-columns:minmax(8em,14em) 1fr;gap:.5em;align-items:center;margin:3px 0}
.kind .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{display:flex;height:16px;background:#e6e6e6;border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%}
.counts{grid-column:2;font-size:.8em;color:#555;margin-top:-2px}
.legend span{display:inline-block;margin-right:1em;font-size:.85em}
.legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:middle}
.tip{position:fixed;pointer-events:none;background:#222;color:#fff;padding:2px 6px;border-radius:3px;font-size:.8em;display:none}
.failure{border-left:4px solid #c0392b;padding:.2em .6em;margin:.4em 0;background:#fff5f5}
.failure pre{white-space:pre-wrap;font-size:.8em;margin:.3em 0;max-height:14em;overflow:auto}
.muted{color:#888}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 1em;margin:0}dt{color:#555}dd{margin:0}
`;

// Plain ES5-style script: no template literals here, the whole page is one TypeScript template.
const SCRIPT = String.raw`
(function () {
  'use strict';
  var S = null;
  var pending = false;
  function $(id) { return document.getElementById(id); }
  // hues start at blue so the first kind is not read as the failure red
  function colorOf(i) { var h = (210 + i * 137.508) % 360; if (h > 330 || h < 25) h = (h + 60) % 360; return 'hsl(' + Math.round(h) + ',62%,48%)'; }
  function bytes(b) {
    if (b === null || b === undefined) return '';
    if (b < 1024) return b + ' B';
    if (b < 1048576) return (b / 1024).toFixed(1) + ' KiB';
    if (b < 1073741824) return (b / 1048576).toFixed(1) + ' MiB';
    return (b / 1073741824).toFixed(2) + ' GiB';
  }
  function secs(ms) { return ms < 1000 ? ms.toFixed(0) + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s'; }
  function text(el, s) { el.textContent = s; return el; }
  function el(tag, cls, s) { var e = document.createElement(tag); if (cls) e.className = cls; if (s !== undefined) e.textContent = s; return e; }
  // a report written while its run went on, never replaced by the run's final one
  function unfinished() { return !!SSDP_DATA && S.run.status === 'running'; }
  function endMs() { return S.run.endedMs !== null && S.run.status !== 'running' ? S.run.endedMs : S.run.nowMs; }

  function merge(d) {
    S.run = d.run; S.kindNames = d.kindNames; S.kinds = d.kinds; S.workers = d.workers; S.droppedBars = d.droppedBars;
    S.tasks = S.tasks.concat(d.tasks); S.moved = S.moved.concat(d.moved);
    S.memory = S.memory.concat(d.memory); S.failures = S.failures.concat(d.failures);
  }

  function setup(canvas) {
    var r = canvas.getBoundingClientRect();
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(200, Math.round(r.width)), h = Math.max(60, Math.round(r.height));
    if (canvas.width !== w * dpr || canvas.height !== h * dpr) { canvas.width = w * dpr; canvas.height = h * dpr; }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '11px system-ui, sans-serif';
    return { ctx: ctx, w: w, h: h };
  }

  function timeAxis(c, x0, x1, tMax, y) {
    var ctx = c.ctx;
    var step = niceStep(tMax / 6);
    ctx.fillStyle = '#666'; ctx.strokeStyle = '#ddd';
    for (var t = 0; t <= tMax; t += step) {
      var x = x0 + (t / tMax) * (x1 - x0);
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, y); ctx.stroke();
      ctx.fillText(secs(t), x + 2, y + 12);
    }
  }
  function niceStep(raw) {
    var p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    var m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }

  function drawSummary() {
    var r = S.run, done = 0, total = 0, failed = 0, upToDate = 0;
    for (var k in S.kinds) { done += S.kinds[k].done; total += S.kinds[k].total; failed += S.kinds[k].failed; upToDate += S.kinds[k].upToDate || 0; }
    var nSlots = r.nSlots || r.nWorkers;
    var peak = 0;
    for (var i = 0; i < S.memory.length; i++) peak = Math.max(peak, S.memory[i][1]);
    var last = S.moved.length ? S.moved[S.moved.length - 1] : [0, 0, 0];
    // a Client session of several computes is not failed as a whole because one of them failed
    var failedRuns = r.failedRuns || 0, some = r.runs > 1 && failedRuns > 0 && failedRuns < r.runs && r.status !== 'running';
    var status = unfinished() ? 'unfinished' : some ? failedRuns + ' of ' + r.runs + ' computes failed' : r.status;
    var rows = [
      ['status', unfinished()
        ? 'unfinished: written ' + secs(r.nowMs) + ' into the run, which never wrote its final report (it was killed, or is still going)'
        : status + (r.error ? (some ? '; the last: ' : ': ') + r.error.split('\n')[0] : '')],
      ['started', r.startedAt],
      ['wall time', secs(endMs())],
      ['tasks', done + ' done of ' + total + (failed ? ', ' + failed + ' failed' : '') + (upToDate ? '; ' + upToDate + ' up to date (not run)' : '') + (r.runs > 1 ? ' (' + r.runs + ' computes' + (failedRuns ? ', ' + failedRuns + ' failed' : '') + ')' : '')],
      ['scheduler', r.scheduler + ', ' + r.nWorkers + ' worker' + (r.nWorkers === 1 ? '' : 's') + (nSlots !== r.nWorkers ? ' (' + nSlots + ' processes)' : '')],
      ['peak memory', bytes(peak)],
      ['data moved', bytes(last[1]) + ' to workers, ' + bytes(last[2]) + ' back']
    ];
    var dl = $('summary'); dl.textContent = '';
    rows.forEach(function (x) { dl.appendChild(el('dt', '', x[0])); dl.appendChild(el('dd', '', x[1])); });
    var per = {};
    S.tasks.forEach(function (t) { var p = per[t[1]] || (per[t[1]] = [0, 0]); p[0]++; p[1] += t[3] - t[2]; });
    var tb = $('kind-times').tBodies[0]; tb.textContent = '';
    Object.keys(per).sort(function (a, b) { return per[b][1] - per[a][1]; }).forEach(function (ki) {
      var tr = el('tr'), p = per[ki];
      [S.kindNames[ki], String(p[0]), secs(p[1]), secs(p[1] / p[0])].forEach(function (v) { tr.appendChild(el('td', '', v)); });
      tb.appendChild(tr);
    });
    var st = $('status'); st.className = 'status ' + (some ? 'failed' : status); text(st, status);
    text($('clock'), secs(endMs()));
  }

  function drawProgress() {
    var box = $('progress'); box.textContent = '';
    S.kindNames.forEach(function (name, i) {
      var k = S.kinds[name], waiting = Math.max(0, k.total - k.done - k.running - k.failed);
      var row = el('div', 'kind'); row.setAttribute('data-kind', name);
      row.appendChild(el('span', 'name', name));
      var bar = el('div', 'bar'), tot = Math.max(1, k.total);
      [[k.done, colorOf(i), 1], [k.running, colorOf(i), 0.45], [k.failed, '#c0392b', 1]].forEach(function (p) {
        var s = el('span'); s.style.width = (100 * p[0] / tot) + '%'; s.style.background = p[1]; s.style.opacity = p[2]; bar.appendChild(s);
      });
      row.appendChild(bar);
      var c = el('span', 'counts', 'waiting ' + waiting + ' \u00b7 running ' + k.running + ' \u00b7 done ' + k.done + ' \u00b7 failed ' + k.failed + (k.upToDate ? ' \u00b7 up to date ' + k.upToDate : ''));
      c.setAttribute('data-done', k.done); c.setAttribute('data-up-to-date', k.upToDate || 0); c.setAttribute('data-running', k.running); c.setAttribute('data-failed', k.failed); c.setAttribute('data-waiting', waiting);
      row.appendChild(c);
      box.appendChild(row);
    });
    box.setAttribute('data-items', String(S.kindNames.length));
    var lg = $('legend'); lg.textContent = '';
    S.kindNames.forEach(function (name, i) { var s = el('span'), sw = el('i'); sw.style.background = colorOf(i); s.appendChild(sw); s.appendChild(document.createTextNode(name)); lg.appendChild(s); });
  }

  var streamGeom = null;
  function drawStream() {
    var canvas = $('stream');
    var slots = 1;
    S.workers.forEach(function (w) { slots = Math.max(slots, w.slot + 1); });
    S.tasks.forEach(function (t) { slots = Math.max(slots, t[0] + 1); });
    var rowH = 20;
    canvas.style.height = (slots * rowH + 24) + 'px';
    var c = setup(canvas), ctx = c.ctx, x0 = 60, x1 = c.w - 8, tMax = Math.max(endMs(), 1);
    timeAxis(c, x0, x1, tMax, slots * rowH);
    ctx.fillStyle = '#444';
    for (var s = 0; s < slots; s++) ctx.fillText('worker ' + s, 2, s * rowH + 14);
    var sx = (x1 - x0) / tMax;
    var failedBars = 0;
    S.tasks.forEach(function (t) {
      if (t[5]) failedBars++;
      ctx.fillStyle = t[5] ? '#c0392b' : colorOf(t[1]);
      ctx.fillRect(x0 + t[2] * sx, t[0] * rowH + 3, Math.max(1, (t[3] - t[2]) * sx - 0.5), rowH - 6);
    });
    S.failures.forEach(function (f) {
      var x = x0 + f.at * sx; ctx.fillStyle = '#c0392b'; ctx.fillRect(x - 1, 0, 2, slots * rowH);
    });
    streamGeom = { x0: x0, sx: sx, rowH: rowH };
    canvas.setAttribute('data-items', String(S.tasks.length));
    canvas.setAttribute('data-failed', String(failedBars));
  }

  function lineChart(canvas, series, fmt) {
    var c = setup(canvas), ctx = c.ctx, x0 = 70, x1 = c.w - 8, y1 = c.h - 18, tMax = Math.max(endMs(), 1), yMax = 1, n = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { yMax = Math.max(yMax, p[1]); }); n += s.points.length; });
    timeAxis(c, x0, x1, tMax, y1);
    var ystep = niceStep(yMax / 4);
    ctx.fillStyle = '#666';
    for (var y = 0; y <= yMax * 1.0001; y += ystep) {
      var py = y1 - (y / yMax) * (y1 - 8);
      ctx.strokeStyle = '#eee'; ctx.beginPath(); ctx.moveTo(x0, py); ctx.lineTo(x1, py); ctx.stroke();
      ctx.fillText(fmt(y), 2, py + 4);
    }
    series.forEach(function (s, si) {
      ctx.strokeStyle = s.color; ctx.lineWidth = 2; ctx.beginPath();
      s.points.forEach(function (p, i) {
        var x = x0 + (p[0] / tMax) * (x1 - x0), yy = y1 - (p[1] / yMax) * (y1 - 8);
        if (i === 0) ctx.moveTo(x, yy); else ctx.lineTo(x, yy);
      });
      if (s.points.length === 1) ctx.lineTo(x0 + (s.points[0][0] / tMax) * (x1 - x0) + 2, y1 - (s.points[0][1] / yMax) * (y1 - 8));
      ctx.stroke(); ctx.lineWidth = 1;
      ctx.fillStyle = s.color; ctx.fillText(s.label, x0 + 8 + si * 140, 12);
    });
    canvas.setAttribute('data-items', String(n));
  }

  function drawMoved() {
    lineChart($('moved'), [
      { label: 'sent to workers', color: '#2a7ab0', points: S.moved.map(function (p) { return [p[0], p[1]]; }) },
      { label: 'returned', color: '#e67e22', points: S.moved.map(function (p) { return [p[0], p[2]]; }) }
    ], bytes);
  }
  function drawMemory() {
    lineChart($('memory'), [{ label: 'this process + worker processes', color: '#8e44ad', points: S.memory }], bytes);
  }

  function drawWorkers() {
    var tb = $('workers').tBodies[0]; tb.textContent = '';
    var now = S.run.nowMs;
    S.workers.slice().sort(function (a, b) { return a.host < b.host ? -1 : a.host > b.host ? 1 : a.slot - b.slot; }).forEach(function (w) {
      var tr = el('tr');
      // slot -1: a Slurm job whose worker has not answered (no row in the task stream, no heartbeat)
      var job = w.slot < 0;
      [job ? '' : String(w.slot), w.host, w.pid === null ? '' : String(w.pid), bytes(w.rssBytes), bytes(w.peakRssBytes), bytes(w.heapBytes), w.task || 'idle',
        job ? '' : SSDP_DATA ? 'at ' + secs(w.heartbeat) + ' into the run' : secs(Math.max(0, now - w.heartbeat)) + ' ago', w.slurmJobId || '', w.slurmState || '', w.worker ? w.worker + ' process ' + w.proc : ''].forEach(function (v) { tr.appendChild(el('td', '', v)); });
      tb.appendChild(tr);
    });
    $('workers').setAttribute('data-items', String(S.workers.length));
  }

  function drawFailures() {
    var box = $('failures');
    if (S.failures.length === 0) return;
    box.textContent = '';
    S.failures.forEach(function (f) {
      var d = el('div', 'failure');
      d.appendChild(el('strong', 'key', f.key));
      d.appendChild(el('span', 'muted', ' at ' + secs(f.at)));
      d.appendChild(el('div', 'message', f.message));
      d.appendChild(el('pre', 'stack', f.stack));
      box.appendChild(d);
    });
    box.setAttribute('data-items', String(S.failures.length));
  }

  function render() {
    pending = false;
    if (!S) return;
    drawSummary(); drawProgress(); drawStream(); drawMoved(); drawMemory(); drawWorkers(); drawFailures();
    document.body.setAttribute('data-updates', String(Number(document.body.getAttribute('data-updates') || 0) + 1));
  }
  function later() { if (!pending) { pending = true; requestAnimationFrame(render); } }

  var canvas = $('stream'), tip = $('tip');
  canvas.addEventListener('mousemove', function (e) {
    if (!S || !streamGeom) return;
    var r = canvas.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top, row = Math.floor(y / streamGeom.rowH);
    var t = (x - streamGeom.x0) / streamGeom.sx, hit = null;
    for (var i = S.tasks.length - 1; i >= 0 && !hit; i--) { var b = S.tasks[i]; if (b[0] === row && b[2] <= t + 1 / streamGeom.sx && b[3] >= t - 1 / streamGeom.sx) hit = b; }
    if (!hit) { tip.style.display = 'none'; return; }
    text(tip, hit[4] + (hit[5] ? ' (failed)' : '') + ' \u2014 ' + secs(hit[3] - hit[2]));
    tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px'; tip.style.display = 'block';
  });
  canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
  window.addEventListener('resize', later);

  if (SSDP_DATA) { S = SSDP_DATA; render(); return; }
  var es = new EventSource('events');
  es.addEventListener('state', function (e) { S = JSON.parse(e.data); later(); });
  es.addEventListener('delta', function (e) { if (S) { merge(JSON.parse(e.data)); later(); } });
  es.onerror = function () {
    // the program that served the page has ended: keep what it showed
    if (S && S.run.status !== 'running') es.close();
    var st = $('status'); st.className = 'status'; text(st, S ? S.run.status + ' (server gone)' : 'no server');
  };
})();
`;
