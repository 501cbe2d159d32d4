import './dom-setup.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { window } from './dom-setup.js';
import { chartData, peak, renderCharts } from '../../main/resources/web/js/charts.js';

// happy-dom has no 2D canvas; this one records the calls uPlot makes, so the test can see that series were
// stroked. The pixels themselves are the browser test's to check.
const calls = [];
globalThis.Path2D = class Path2D {
  constructor() {
    return new Proxy(this, { get: (target, name) => (name in target ? target[name] : () => undefined) });
  }
};
window.HTMLCanvasElement.prototype.getContext = function getContext() {
  return new Proxy({}, {
    get: (target, name) => (name in target ? target[name]
      : name === 'measureText' ? () => ({ width: 10 })
        : (...args) => { calls.push(String(name)); return undefined; }),
    set: (target, name, value) => { target[name] = value; return true; },
  });
};

// The shape of GET /api/elements/{fullName}/metrics (the metrics branch's endpoint), two points out of order.
const METRICS = {
  element: 'caches.Default',
  intervalSeconds: 10,
  points: [
    { t: 1_700_000_010_000, ops: { get: 12.5, del: 1 }, hitRatio: null, p50Ms: 0.3, p99Ms: 2.5, errors: 1 },
    { t: 1_700_000_000_000, ops: { get: 10, set: 2 }, hitRatio: 0.75, p50Ms: 0.2, p99Ms: 1.5, errors: 0 },
  ],
};

test('the charts hold the points in time order, one series per operation', () => {
  const [ops, hits, latency, errors] = chartData(METRICS);
  assert.deepEqual(ops.data[0], [1_700_000_000, 1_700_000_010]);
  assert.deepEqual(ops.labels, ['del', 'get', 'set']);
  assert.deepEqual(ops.data.slice(1), [[0, 1], [10, 12.5], [2, 0]]);
  assert.deepEqual(hits.data[1], [75, null], 'no gets: a gap, not a hit ratio of 0');
  assert.deepEqual(latency.data.slice(1), [[0.2, 0.3], [1.5, 2.5]]);
  assert.deepEqual(errors.data[1], [0, 1]);
});

test('no points yet: the section says so instead of drawing empty charts', () => {
  const container = document.createElement('div');
  const charts = renderCharts(container, { element: 'caches.X', intervalSeconds: 10, points: [] }, 400);
  assert.equal(charts.length, 0);
  assert.match(container.textContent, /No calls yet/);
  assert.doesNotMatch(container.textContent, /null|undefined/);
});

test('the peak is the largest value of any series, gaps left out', () => {
  assert.equal(peak({ title: 't', unit: 'u', labels: ['a', 'b'], data: [[1, 2], [null, 3], [7, 0]] }), 7);
  assert.equal(peak({ title: 't', unit: 'u', labels: [], data: [[]] }), 0, 'no series, no data');
});

test('with points, uPlot draws four charts with their captions', async () => {
  const container = document.createElement('div');
  document.body.append(container);
  const charts = renderCharts(container, METRICS, 400);
  assert.equal(charts.length, 4);
  const captions = [...container.querySelectorAll('figcaption')].map((c) => c.textContent);
  assert.deepEqual(captions, ['Operations per second (ops/s)', 'Hit ratio (%)', 'Latency (ms)', 'Errors (errors)']);
  assert.equal(container.querySelectorAll('.uplot').length, 4);
  const figures = [...container.querySelectorAll('figure')];
  assert.deepEqual(figures.map((f) => f.dataset.points), ['2', '2', '2', '2']);
  assert.deepEqual(figures.map((f) => f.dataset.peak), ['12.5', '75', '2.5', '1']);
  await new Promise((resolve) => setTimeout(resolve, 50)); // uPlot draws in a microtask after creation
  assert.ok(calls.filter((c) => c === 'stroke').length >= 7, 'every series is stroked: ' + calls.length + ' calls');
  charts.forEach((c) => c.destroy());
});
