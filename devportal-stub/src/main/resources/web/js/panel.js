// @ts-check
// The configuration panel: create and edit an element, errors beside their fields, save, delete, test connection.
import { api, errorsOf } from './api.js';
import { showChartsOf } from './charts.js';
import { $, el, iconNode, notice, replace } from './dom.js';
import { applyConditions, buildFields, collectConfig } from './schema-form.js';
import { NAME_SEGMENT, VARIABLE_NAME, familyOf, state, typeByName } from './state.js';
import { loadElements, renderTree } from './tree.js';
import { loadVariables } from './variables.js';

export function markDirty() {
  state.dirty = true;
}

/** @type {import('./schema-form.js').FormContext} */
const FORM_CONTEXT = { elementName: () => $('element-name').value, changed: markDirty };

/**
 * The form of a type's configuration, with the conditions of its schema applied.
 * @param {import('./state.js').ElementType} type
 */
function buildTypeFields(type) {
  const fields = buildFields($('config-fields'), type.schema || {}, FORM_CONTEXT);
  if (type.type === 'caches.BuiltinsType') {
    // Nothing to configure, so say what it is (the host's own words: TypeInfo's description) instead.
    replace($('config-fields'), el('p', { class: 'help', 'data-test': 'builtin-explained', text: type.description || '' }));
  }
  $('config-group').hidden = false;
  return fields;
}

function showPanel(title, subtitle, type) {
  $('empty-panel').hidden = true;
  $('panel').hidden = false;
  $('panel-title').textContent = title;
  $('panel-subtitle').textContent = subtitle;
  const icon = $('panel-icon');
  const node = type ? iconNode(type, true) : null;
  if (node && node.tagName === 'IMG') {
    icon.src = node.src;
    icon.hidden = false;
  } else {
    icon.hidden = true;
  }
  clearErrors();
  clearTestResult();
}

export function openCreatePanel(type) {
  const family = type.family || familyOf(type.meta);
  showPanel('New ' + type.title, type.description || type.type, type);
  $('element-family').textContent = family + '.';
  $('element-name').value = suggestName(type);
  $('element-name').readOnly = false;
  $('element-title').value = type.title;
  $('config-hidden').hidden = true;
  $('delete').hidden = true;
  $('save').disabled = false;
  const fields = buildTypeFields(type);
  for (const field of fields) field.set(undefined, []);
  applyConditions(fields, type.schema || {});
  state.panel = { mode: 'create', type, fields, family };
  showChartsOf(null);
  state.dirty = true;
  updatePreview();
  renderTree();
  $('element-name').focus();
  $('element-name').select();
}

function suggestName(type) {
  const base = type.title.replace(/[^A-Za-z0-9]+/g, '');
  const taken = new Set(state.elements.map((e) => e.fullName));
  const family = type.family || familyOf(type.meta);
  for (let i = 1; ; i++) {
    const candidate = base + (i === 1 ? '' : i);
    if (!taken.has(family + '.' + candidate)) return candidate;
  }
}

export async function openEditPanel(fullName) {
  const result = await api('GET', '/api/elements/' + encodeURIComponent(fullName));
  if (result.status !== 200) {
    notice(errorsOf(result)[0].message, 'error');
    await loadElements();
    return;
  }
  const element = result.data;
  const type = typeByName(element.type);
  showPanel(element.title || element.fullName, element.fullName + ' · ' + (type ? type.title : element.type), type);
  const parts = element.fullName.split('.');
  $('element-family').textContent = parts.slice(0, -1).join('.') + '.';
  $('element-name').value = parts[parts.length - 1];
  $('element-name').readOnly = true;
  $('element-title').value = element.title || '';
  $('delete').hidden = false;
  let fields = [];
  if (type && element.config) {
    $('config-hidden').hidden = true;
    fields = buildTypeFields(type);
    for (const field of fields) field.set(element.config[field.name], element.variables);
    applyConditions(fields, type.schema || {});
    $('save').disabled = false;
  } else {
    $('config-fields').replaceChildren();
    $('config-group').hidden = true;
    $('config-hidden').textContent = element.configHidden || 'The type of this element is not loaded.';
    $('config-hidden').hidden = false;
    $('save').disabled = true;
  }
  if (element.error) showFormErrors([{ field: '', message: element.error }]);
  state.panel = { mode: 'edit', type, fields, fullName: element.fullName, element };
  showChartsOf(element.fullName);
  state.dirty = false;
  updatePreview();
  renderTree();
  $('panel-title').focus();
}

export function closePanel() {
  state.panel = null;
  showChartsOf(null);
  $('panel').hidden = true;
  $('empty-panel').hidden = false;
  renderTree();
}

export function currentFullName() {
  return $('element-family').textContent + $('element-name').value.trim();
}

export function updatePreview() {
  $('element-fullname-preview').textContent = currentFullName();
}

/** @param {boolean} forTest */
function currentConfig(forTest) {
  const panel = /** @type {import('./state.js').Panel} */ (state.panel);
  return collectConfig(panel.fields, panel.type ? panel.type.schema : {}, forTest);
}

/** Shows only the fields the chosen mode uses. */
export function refreshConditions() {
  if (state.panel && state.panel.type) applyConditions(state.panel.fields, state.panel.type.schema || {});
}

function allControls() {
  return state.panel ? state.panel.fields.flatMap((f) => f.all()) : [];
}

// ---------------------------------------------------------------- errors beside fields

export function clearErrors() {
  $('form-errors').hidden = true;
  $('form-errors').replaceChildren();
  for (const id of ['element-name-error', 'element-title-error']) {
    $(id).hidden = true;
    $(id).textContent = '';
  }
  $('element-name').removeAttribute('aria-invalid');
  $('element-title').removeAttribute('aria-invalid');
  for (const control of allControls()) control.clearError();
}

export function showFormErrors(errors) {
  const box = $('form-errors');
  box.replaceChildren(el('ul', {}, errors.map((e) => el('li', { text: (e.field ? e.field + ': ' : '') + e.message }))));
  box.hidden = false;
}

// Puts each error beside its field; returns the first place that got one, to move the focus there.
export function showErrors(errors) {
  clearErrors();
  const unplaced = [];
  let first = null;
  const controls = new Map(allControls().map((c) => [c.path, c]));
  for (const error of errors) {
    const field = error.field || '';
    if (field === 'fullName' || field === 'title') {
      const id = field === 'fullName' ? 'element-name' : 'element-title';
      $(id + '-error').textContent = error.message;
      $(id + '-error').hidden = false;
      $(id).setAttribute('aria-invalid', 'true');
      first = first || $(id);
      continue;
    }
    const path = field.startsWith('config.') ? field.slice('config.'.length) : null;
    let control = path ? controls.get(path) : null;
    // A nested path the form does not have (e.g. "nodes[0]"): the nearest field that holds it.
    for (let p = path; !control && p && p.includes('.'); ) {
      p = p.slice(0, p.lastIndexOf('.'));
      control = controls.get(p);
    }
    if (!control && path) control = controls.get(path.replace(/\[.*$/, ''));
    if (control) {
      control.showError(error.message);
      first = first || control;
    } else {
      unplaced.push(error);
    }
  }
  if (unplaced.length) showFormErrors(unplaced);
  if (first) (first.focus ? first.focus() : null);
  else if (unplaced.length) $('form-errors').scrollIntoView({ block: 'nearest' });
}

// ---------------------------------------------------------------- save, delete

/**
 * The variables the form's fields were switched to, sent with the element so that the server saves both as one
 * operation (or neither); a name that cannot be a variable is marked at once, without a request.
 * @returns {{variables: {name: string, value?: string, defaultValue: string, remark: string}[], errors: {field: string, message: string}[]}}
 */
function formVariables() {
  const variables = [];
  const errors = [];
  for (const control of allControls()) {
    if (control.kind === 'object' || !control.isVariable()) continue;
    const name = control.varName.value.trim();
    if (!VARIABLE_NAME.test(name)) {
      errors.push({ field: 'config.' + control.path, message: 'a variable name is letters, digits and underscores, e.g. ' + control.suggestedVariable() });
      continue;
    }
    /** @type {{name: string, value?: string, defaultValue: string, remark: string}} */
    const variable = { name, defaultValue: control.varDefault.value, remark: control.varRemark.value };
    if (control.varValue.value !== '') variable.value = control.varValue.value;
    variables.push(variable);
  }
  return { variables, errors };
}

/**
 * The server names a variable's problem as variables.NAME: shown beside the field that uses that variable.
 * @param {{field: string, message: string}[]} errors
 */
function placeVariableErrors(errors) {
  const byVariable = new Map(allControls().filter((c) => c.kind !== 'object' && c.isVariable())
    .map((c) => [c.varName.value.trim(), c]));
  return errors.map((e) => {
    const control = e.field && e.field.startsWith('variables.') ? byVariable.get(e.field.slice('variables.'.length)) : null;
    return control ? { field: 'config.' + control.path, message: 'variable ' + control.varName.value.trim() + ': ' + e.message } : e;
  });
}

export async function save(event) {
  event.preventDefault();
  const panel = state.panel;
  if (!panel) return;
  clearErrors();
  const name = $('element-name').value.trim();
  if (panel.mode === 'create' && !NAME_SEGMENT.test(name)) {
    showErrors([{ field: 'fullName', message: name ? 'use letters, digits and underscores, not starting with a digit' : 'give the element a name' }]);
    return;
  }
  const button = $('save');
  button.disabled = true;
  try {
    const { variables, errors } = formVariables();
    if (errors.length) { showErrors(errors); return; }
    // One request: the server validates the element and its variables and writes all or nothing.
    /** @type {Record<string, any>} */
    const body = { title: $('element-title').value.trim() || null, config: currentConfig(false), variables };
    let result;
    if (panel.mode === 'create') {
      body.fullName = currentFullName();
      body.type = panel.type.type;
      result = await api('POST', '/api/elements', body);
    } else {
      result = await api('PUT', '/api/elements/' + encodeURIComponent(panel.fullName), body);
    }
    if (result.status === 200 || result.status === 201) {
      notice('Saved ' + result.data.fullName + '.');
      await Promise.all([loadElements(), loadVariables()]);
      await openEditPanel(result.data.fullName);
    } else {
      showErrors(placeVariableErrors(errorsOf(result)));
    }
  } finally {
    button.disabled = false;
  }
}

/**
 * Asks before deleting, saying what stays: the element's data files under appData/ (its Type names them, the
 * server lists them as dataFiles) are kept unless the box is ticked.
 * @param {string} fullName
 * @param {string[]} dataFiles
 * @returns {Promise<{confirmed: boolean, withData: boolean}>}
 */
function confirmDelete(fullName, dataFiles) {
  const dialog = /** @type {HTMLDialogElement} */ ($('delete-dialog'));
  const box = /** @type {HTMLInputElement} */ ($('delete-data'));
  $('delete-dialog-title').textContent = 'Delete ' + fullName + '?';
  box.checked = false;
  $('delete-data-choice').hidden = dataFiles.length === 0;
  $('delete-data-text').textContent = dataFiles.length
    ? 'Its data stays in ' + dataFiles.join(', ') + ' unless you tick the box below.'
    : 'It keeps no data files in this app (data on a server stays on that server).';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve({ confirmed: dialog.returnValue === 'delete', withData: box.checked }),
      { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

export async function removeElement() {
  const panel = state.panel;
  if (!panel || panel.mode !== 'edit') return;
  const answer = await confirmDelete(panel.fullName, (panel.element && panel.element.dataFiles) || []);
  if (!answer.confirmed) return;
  const result = await api('DELETE', '/api/elements/' + encodeURIComponent(panel.fullName)
    + (answer.withData ? '?data=true' : ''));
  if (result.status === 204) {
    notice('Deleted ' + panel.fullName + (answer.withData ? ' and its data.' : '.'));
    closePanel();
    await loadElements();
  } else {
    showErrors(errorsOf(result));
  }
}

// ---------------------------------------------------------------- test connection

function clearTestResult() {
  const box = $('test-result');
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.success;
  delete box.dataset.code;
  delete box.dataset.state;
}

export async function testConnection() {
  const panel = state.panel;
  if (!panel || !panel.type) return;
  const box = $('test-result');
  const button = $('test-connection');
  clearTestResult();
  clearErrors();
  box.dataset.state = 'running';
  box.hidden = false;
  box.textContent = 'Testing the connection…';
  button.disabled = true;
  let result;
  try {
    if (panel.mode === 'edit' && !state.dirty) {
      result = await api('POST', '/api/elements/' + encodeURIComponent(panel.fullName) + '/test');
    } else {
      result = await api('POST', '/api/element-types/' + encodeURIComponent(panel.type.type) + '/test',
        { fullName: panel.mode === 'edit' ? panel.fullName : currentFullName(), config: currentConfig(true) });
    }
  } finally {
    button.disabled = false;
  }
  delete box.dataset.state;
  if (result.status !== 200) {
    box.dataset.success = 'false';
    box.dataset.code = 'REQUEST_FAILED';
    box.replaceChildren(el('div', { class: 'result-head' }, el('span', { class: 'verdict', text: 'Could not test' })),
      el('p', { class: 'result-message', text: errorsOf(result).map((e) => (e.field ? e.field + ': ' : '') + e.message).join('; ') }));
    return;
  }
  const fields = result.data.code === 'INVALID_CONFIG' && result.data.details ? result.data.details.fields : null;
  if (fields && typeof fields === 'object') {
    // The host names the fields of an invalid draft: marked beside them, as Save marks them.
    showErrors(Object.entries(fields).map(([field, message]) => ({ field: field ? 'config.' + field : '', message: String(message) })));
    delete result.data.details.fields;
  }
  renderTestResult(result.data);
}

function renderTestResult(r) {
  const box = $('test-result');
  box.dataset.success = String(r.success);
  box.dataset.code = r.code;
  const steps = el('table', { class: 'steps', 'data-test': 'test-steps' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Step' }), el('th', { scope: 'col', text: 'Outcome' }),
      el('th', { scope: 'col', text: 'What happened' }), el('th', { scope: 'col', text: 'ms' }))),
    el('tbody', {}, (r.steps || []).map((s) => el('tr', { 'data-test': 'test-step', dataset: { outcome: s.outcome } },
      el('td', { text: s.name }),
      el('td', {}, el('span', { class: 'badge', dataset: { status: s.outcome }, text: s.outcome.toLowerCase() })),
      el('td', { text: s.explanation }),
      el('td', { class: 'ms', text: String(s.latencyMs) })))));
  const details = Object.entries(r.details || {});
  replace(box,
    el('div', { class: 'result-head' },
      el('span', { class: 'verdict', 'data-test': 'test-verdict', text: r.success ? '✓ Connection works' : '✗ Connection failed' }),
      el('code', { 'data-test': 'test-code', text: r.code }),
      el('span', { class: 'muted', 'data-test': 'test-latency', text: r.latencyMs + ' ms' })),
    el('p', { class: 'result-message', 'data-test': 'test-message', text: r.message }),
    (r.steps || []).length ? steps : null,
    details.length ? el('dl', { class: 'details', 'data-test': 'test-details' },
      details.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: typeof v === 'string' ? v : JSON.stringify(v) })])) : null);
  box.hidden = false;
}

