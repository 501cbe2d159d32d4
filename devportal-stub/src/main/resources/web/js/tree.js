// @ts-check
// The element tree: the app's elements by family, each with its defined status and its live state.
import { api } from './api.js';
import { $, el } from './dom.js';
import { openEditPanel } from './panel.js';
import { familyOf, state, typeByName } from './state.js';

export async function loadElements() {
  const result = await api('GET', '/api/elements');
  if (result.status !== 200) return;
  state.elements = result.data;
  renderTree();
}

/**
 * Refreshes one element's entry (its state after a Test Connection, or a health mark that changed), not the list.
 * @param {string} fullName
 */
export async function loadElement(fullName) {
  const result = await api('GET', '/api/elements/' + encodeURIComponent(fullName));
  const index = state.elements.findIndex((e) => e.fullName === fullName);
  if (result.status !== 200 || index < 0) { await loadElements(); return; }
  const { status, error, title } = result.data;
  state.elements[index] = { ...state.elements[index], status, error, title };
  renderTree();
}

/**
 * The health mark of a listed status, as the server's metrics event names it (HealthMark): ok, unavailable, broken.
 * @param {string} status
 */
export function healthOf(status) {
  if (status === 'UNAVAILABLE') return 'unavailable';
  return status === 'BROKEN' || status === 'TYPE_MISSING' ? 'broken' : 'ok';
}

/**
 * What the tree's badge says: "defined" until the element is tested or used, then its live state.
 * @param {string} status
 */
function badgeText(status) {
  return status === 'READY' ? 'ok' : status.replace('_', ' ').toLowerCase();
}
// ---------------------------------------------------------------- the element tree

export function renderTree() {
  const tree = $('tree');
  tree.replaceChildren();
  if (!state.elements.length) {
    tree.append(el('p', { class: 'none', text: 'No elements yet. Press + to add one.' }));
    return;
  }
  const families = new Map();
  for (const element of state.elements) {
    const family = element.family || familyOf(element.fullName);
    if (!families.has(family)) families.set(family, []);
    families.get(family).push(element);
  }
  const current = state.panel && state.panel.mode === 'edit' ? state.panel.fullName : null;
  for (const [family, elements] of [...families.entries()].sort()) {
    const headingId = 'family-' + family;
    const list = el('ul', { 'aria-labelledby': headingId });
    for (const element of elements) {
      const type = typeByName(element.type);
      const problem = element.error ? el('span', { class: 'problem', text: element.error }) : null;
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'tree-item', 'data-test': 'tree-element',
        dataset: { fullname: element.fullName, status: element.status },
        'aria-current': element.fullName === current ? 'true' : null,
        onclick: () => openEditPanel(element.fullName),
      },
      el('span', { class: 'name', text: element.title || element.fullName }),
      el('span', { class: 'badge', dataset: { status: element.status, health: healthOf(element.status) },
        'data-test': 'element-status', text: badgeText(element.status) }),
      el('span', { class: 'meta', text: element.fullName + ' · ' + (type ? type.title : element.type || 'unknown type') }),
      problem)));
    }
    tree.append(el('div', { class: 'family', dataset: { family } },
      el('h3', { id: headingId, text: family }), list));
  }
}
