// @ts-check
// The portal's entry point: loads what the page shows, wires the controls, and follows the server's event stream,
// refreshing only what an event names.
import { api } from './api.js';
import { showChartsOf } from './charts.js';
import { $ } from './dom.js';
import { createKey, loadKeys } from './keys.js';
import { closeMenu, menuKeys, openMenu, renderCategories, showCategories } from './menu.js';
import { closePanel, markDirty, refreshConditions, removeElement, save, testConnection, updatePreview } from './panel.js';
import { loadPlugins, uploadPlugin } from './plugins.js';
import { state } from './state.js';
import { healthOf, loadElement, loadElements } from './tree.js';
import { loadVariables, setVariable } from './variables.js';

async function loadApp() {
  const result = await api('GET', '/api/app');
  if (result.status === 200) $('app-id').textContent = result.data.appId;
}

async function loadTypes() {
  const result = await api('GET', '/api/element-types');
  if (result.status !== 200) return;
  state.types = result.data;
  renderCategories();
}

export async function refreshAll() {
  await Promise.all([loadTypes(), loadElements(), loadPlugins(), loadVariables()]);
}

/**
 * What each change of the host's event stream (HostListener.Change) makes stale. A plugin brings or takes types
 * and thereby the state of elements; an element change touches only the tree (and variables a save wrote).
 * @type {Record<string, (() => Promise<void>)[]>}
 */
const STALE_AFTER = {
  PLUGIN_LOADED: [loadTypes, loadPlugins, loadElements],
  PLUGIN_UNLOADED: [loadTypes, loadPlugins, loadElements],
  PLUGIN_FAILED: [loadPlugins],
  ELEMENT_CREATED: [loadElements, loadVariables],
  ELEMENT_UPDATED: [loadElements, loadVariables],
  ELEMENT_DELETED: [loadElements],
};

/** @type {Set<() => Promise<void>>} */
const pending = new Set();
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer;

/**
 * Collects what events made stale and loads each once, 150 ms after the last event of a burst.
 * @param {(() => Promise<void>)[]} loaders
 */
function scheduleRefresh(loaders) {
  loaders.forEach((l) => pending.add(l));
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const due = [...pending];
    pending.clear();
    due.forEach((load) => load());
  }, 150);
}

/** One loader per element, so that a burst of events about it loads it once. */
/** @type {Map<string, () => Promise<void>>} */
const elementLoaders = new Map();
/** @param {string} fullName */
function elementLoader(fullName) {
  if (!elementLoaders.has(fullName)) elementLoaders.set(fullName, () => loadElement(fullName));
  return /** @type {() => Promise<void>} */ (elementLoaders.get(fullName));
}

/** @param {MessageEvent} event */
function onChange(event) {
  let change = '';
  let subject = '';
  try { ({ change, subject } = JSON.parse(event.data)); } catch (e) { /* an unreadable event: refresh everything */ }
  if (change === 'ELEMENT_STATE' && subject) { scheduleRefresh([elementLoader(subject)]); return; }
  scheduleRefresh(STALE_AFTER[change] || [loadTypes, loadElements, loadPlugins, loadVariables]);
}

/**
 * The metrics event carries every element's health mark: an element whose mark differs from what the tree shows
 * (its server went away or came back) is refreshed, and only that one.
 * @param {{element: string, health: string}[]} marks
 */
function followHealth(marks) {
  const stale = marks.filter((m) => {
    const shown = state.elements.find((e) => e.fullName === m.element);
    return shown && healthOf(shown.status) !== m.health;
  });
  if (stale.length) scheduleRefresh(stale.map((m) => elementLoader(m.element)));
}

/** @type {ReturnType<typeof setInterval> | null} */
let pollTimer = null;
function startLiveUpdates() {
  const live = $('live');
  const poll = () => {
    if (pollTimer) return;
    live.dataset.state = 'polling';
    live.textContent = 'polling';
    pollTimer = setInterval(refreshAll, 2000);
  };
  if (!window.EventSource) { poll(); return; }
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    live.dataset.state = 'open';
    live.textContent = 'live';
    // Whatever happened while the stream was down.
    scheduleRefresh([loadTypes, loadElements, loadPlugins, loadVariables]);
  });
  source.addEventListener('change', onChange);
  // The metrics engineer's event: new figures; only the open element's charts are redrawn.
  source.addEventListener('metrics', (event) => {
    const open = state.panel && state.panel.mode === 'edit' ? state.panel.fullName : null;
    let element = null;
    let marks = [];
    try {
      const data = JSON.parse(/** @type {MessageEvent} */ (event).data);
      element = data.element;
      marks = Array.isArray(data.elements) ? data.elements : [];
    } catch (e) { /* no name: redraw */ }
    followHealth(marks);
    if (open && (!element || element === open)) showChartsOf(open);
  });
  // EventSource reconnects by itself; until then, ask every 2 s.
  source.addEventListener('error', poll);
}

/** @param {string} name */
function showView(name) {
  if (name === 'keys') loadKeys();
  for (const view of ['elements', 'plugins', 'variables', 'keys']) {
    $('view-' + view).hidden = view !== name;
    const button = $('nav-' + view);
    if (view === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
}

function wire() {
  $('add-element').addEventListener('click', () => ($('add-menu').hidden ? openMenu() : closeMenu(true)));
  $('menu-more').addEventListener('click', showCategories);
  $('add-menu').addEventListener('keydown', menuKeys);
  document.addEventListener('click', (event) => {
    const target = /** @type {Element} */ (event.target);
    if (!$('add-menu').hidden && !target.closest('.menu-anchor')) closeMenu(false);
  });
  document.addEventListener('keydown', (event) => {
    const target = /** @type {Element} */ (event.target);
    if (event.key === 'Escape' && !$('add-menu').hidden && !target.closest('.menu')) closeMenu(true);
  });
  $('element-form').addEventListener('submit', save);
  $('element-form').addEventListener('input', markDirty);
  $('element-form').addEventListener('change', () => { markDirty(); refreshConditions(); });
  $('element-name').addEventListener('input', updatePreview);
  $('cancel').addEventListener('click', closePanel);
  $('delete').addEventListener('click', removeElement);
  $('test-connection').addEventListener('click', testConnection);
  $('upload-form').addEventListener('submit', uploadPlugin);
  $('variable-form').addEventListener('submit', setVariable);
  $('key-form').addEventListener('submit', createKey);
  document.querySelectorAll('.views button').forEach((b) => b.addEventListener('click',
    () => showView(/** @type {HTMLElement} */ (b).dataset.view || 'elements')));
  loadApp();
  refreshAll();
  startLiveUpdates();
}

// A module runs after the document is parsed, like a deferred script.
wire();
