// @ts-check
// An element's live charts: ops/s by operation, hit ratio, p50/p99 latency and errors over the last 15 minutes,
// from GET /api/elements/{fullName}/metrics, drawn by uPlot (vendor/uplot, MIT; small, fast, no dependencies).
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { api } from './api.js';
import { el, replace } from './dom.js';

/**
 * The metrics endpoint's answer.
 * @typedef {{t: number, ops: Record<string, number>, hitRatio: number|null, p50Ms: number, p99Ms: number,
 *   errors: number}} MetricsPoint
 * @typedef {{element: string, intervalSeconds: number, points: MetricsPoint[]}} Metrics
 * @typedef {{title: string, unit: string, labels: string[], data: (number|null)[][]}} ChartData
 */

/**
 * The four charts' data in uPlot's aligned form: data[0] the times in seconds, then one row per series. An
 * operation absent from a point counts 0 there; a hit ratio without gets (null) leaves a gap, not a false 0.
 * @param {Metrics} metrics
 * @returns {ChartData[]}
 */
export function chartData(metrics) {
  const points = [...(metrics.points || [])].sort((a, b) => a.t - b.t);
  const times = points.map((p) => p.t / 1000);
  const operations = [...new Set(points.flatMap((p) => Object.keys(p.ops || {})))].sort();
  return [
    { title: 'Operations per second', unit: 'ops/s', labels: operations,
      data: [times, ...operations.map((op) => points.map((p) => (p.ops && p.ops[op]) || 0))] },
    { title: 'Hit ratio', unit: '%', labels: ['hit ratio'],
      data: [times, points.map((p) => (p.hitRatio === null || p.hitRatio === undefined ? null : p.hitRatio * 100))] },
    { title: 'Latency', unit: 'ms', labels: ['p50', 'p99'],
      data: [times, points.map((p) => p.p50Ms), points.map((p) => p.p99Ms)] },
    { title: 'Errors', unit: 'errors', labels: ['errors'], data: [times, points.map((p) => p.errors)] },
  ];
}

/**
 * The largest value of a chart's series (0 when it has none): the page shows it on the chart's figure as
 * data-peak, beside data-points, so that a look at the page (and the browser test) tells a chart with data from an
 * empty one without reading pixels.
 * @param {ChartData} chart
 * @returns {number}
 */
export function peak(chart) {
  let max = 0;
  for (const series of chart.data.slice(1)) {
    for (const value of series) if (typeof value === 'number' && Number.isFinite(value) && value > max) max = value;
  }
  return max;
}

const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777'];

/**
 * Draws the charts into container, replacing what it showed, each as wide as its place in the container's grid
 * (width when the layout gives none). Returns the charts, to destroy them when the panel closes.
 * @param {Element} container
 * @param {Metrics} metrics
 * @param {number} width
 * @returns {uPlot[]}
 */
export function renderCharts(container, metrics, width) {
  const charts = chartData(metrics);
  if (!metrics.points || !metrics.points.length) {
    replace(container, el('p', { class: 'muted', 'data-test': 'charts-empty',
      text: 'No calls yet: the charts fill as the element is used.' }));
    return [];
  }
  replace(container);
  return charts.map((chart) => {
    const figure = el('figure', { class: 'chart', 'data-test': 'chart',
      dataset: { chart: chart.title, points: String(chart.data[0].length), peak: String(peak(chart)) } },
      el('figcaption', { text: chart.title + ' (' + chart.unit + ')' }));
    container.append(figure);
    /** @type {uPlot.Options} */
    const options = {
      // The grid's column, once the figure is in it; a chart as wide as the whole section overlapped its neighbours.
      width: figure.clientWidth || width, height: 140,
      series: [{}, ...chart.labels.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
      axes: [{}, { size: 48 }],
      legend: { show: chart.labels.length > 1 },
    };
    return new uPlot(options, /** @type {uPlot.AlignedData} */ (chart.data), figure);
  });
}

/** @type {uPlot[]} */
let shown = [];

/**
 * Shows the charts of an element in the panel's chart section, or hides the section when there is no element or
 * the server has no metrics for it (a host without the metrics endpoint answers 404).
 * @param {string|null} fullName
 */
export async function showChartsOf(fullName) {
  const section = /** @type {HTMLElement} */ (document.getElementById('charts'));
  const body = /** @type {HTMLElement} */ (document.getElementById('charts-body'));
  shown.forEach((chart) => chart.destroy());
  shown = [];
  if (!fullName) { section.hidden = true; return; }
  const result = await api('GET', '/api/elements/' + encodeURIComponent(fullName) + '/metrics', undefined, undefined, true);
  if (result.status !== 200 || !result.data || result.data.element !== fullName) { section.hidden = true; return; }
  section.hidden = false;
  shown = renderCharts(body, result.data, Math.max(240, body.clientWidth || 480));
}
