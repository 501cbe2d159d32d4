// ElementKit developer portal: plain JavaScript over the REST API (see API.md). Everything the server sends is put
// into the page as text (textContent), never as markup; plugin icons are shown as images.
'use strict';

// The host's one placeholder definition (Placeholders.NAME): a variable name is what a .env file can define.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const PLACEHOLDER = /^\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}$/;
const NAME_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const state = {
  types: [],
  elements: [],
  plugins: [],
  // What the panel shows: { mode: 'create'|'edit', type, element, fields: Map(path -> FieldControl) }
  panel: null,
  dirty: false,
};

// ---------------------------------------------------------------- helpers

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(method, path, body, extraHeaders) {
  const headers = { Accept: 'application/json', ...(extraHeaders || {}) };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    if (body instanceof Blob) {
      init.body = body;
    } else {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    return { status: 0, data: { errors: [{ field: '', message: 'the portal does not answer: is devportal serve still running?' }] } };
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { errors: [{ field: '', message: text.slice(0, 200) }] }; }
  }
  if (response.status === 401) {
    // The token lives in an HttpOnly cookie the page cannot read; only the printed link can set it again.
    notice('This page has no valid API token: open the link that devportal serve printed.', 'error');
  }
  return { status: response.status, data };
}

function errorsOf(result) {
  const list = result.data && Array.isArray(result.data.errors) ? result.data.errors : [];
  return list.length ? list : [{ field: '', message: 'request failed with HTTP ' + result.status }];
}

let noticeTimer = null;
function notice(message, kind) {
  const box = $('notice');
  box.textContent = message;
  box.dataset.kind = kind || 'ok';
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 10000 : 5000);
}

function iconNode(type, large) {
  const svg = type && type.icon ? type.icon.trim() : '';
  if (svg.startsWith('<svg') || svg.startsWith('<?xml')) {
    // As an image the SVG cannot run scripts or touch the page.
    return el('img', { class: 'type-icon' + (large ? ' large' : ''), alt: '',
      src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg) });
  }
  const letter = type && type.title ? type.title.charAt(0).toUpperCase() : '?';
  return el('span', { class: 'letter-icon', 'aria-hidden': 'true', text: letter });
}

function typeByName(name) {
  return state.types.find((t) => t.type === name);
}

function familyOf(fullName) {
  return fullName.split('.')[0];
}

// ---------------------------------------------------------------- loading

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

async function loadElements() {
  const result = await api('GET', '/api/elements');
  if (result.status !== 200) return;
  state.elements = result.data;
  renderTree();
}

async function loadPlugins() {
  const result = await api('GET', '/api/plugins');
  if (result.status !== 200) return;
  state.plugins = result.data;
  renderPlugins();
}

async function loadVariables() {
  const result = await api('GET', '/api/variables');
  if (result.status !== 200) return;
  renderVariables(result.data);
}

async function refreshAll() {
  await Promise.all([loadTypes(), loadElements(), loadPlugins(), loadVariables()]);
}

// ---------------------------------------------------------------- live updates

let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshAll, 150);
}

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
    clearInterval(pollTimer);
    pollTimer = null;
    live.dataset.state = 'open';
    live.textContent = 'live';
    scheduleRefresh();
  });
  source.addEventListener('change', scheduleRefresh);
  // EventSource reconnects by itself; until then, ask every 2 s.
  source.addEventListener('error', poll);
}

// ---------------------------------------------------------------- the + menu

function openMenu() {
  $('add-menu').hidden = false;
  $('add-element').setAttribute('aria-expanded', 'true');
  $('menu-categories').hidden = true;
  $('menu-types').hidden = true;
  $('menu-more').setAttribute('aria-expanded', 'false');
  $('menu-more').focus();
}

function closeMenu(returnFocus) {
  $('add-menu').hidden = true;
  $('add-element').setAttribute('aria-expanded', 'false');
  if (returnFocus) $('add-element').focus();
}

function categories() {
  return [...new Set(state.types.map((t) => t.category))].sort();
}

function renderCategories() {
  const list = $('menu-categories');
  list.replaceChildren();
  const names = categories();
  if (!names.length) {
    list.append(el('li', { role: 'none', class: 'empty', text: 'No plugin offers a type yet' }));
  }
  for (const name of names) {
    list.append(el('li', { role: 'none' }, el('button', {
      type: 'button', role: 'menuitem', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'data-test': 'menu-category', dataset: { category: name },
      onclick: (event) => showTypes(name, event.currentTarget),
    }, name, el('span', { 'aria-hidden': 'true', text: '▸' }))));
  }
  // A type that appeared or went while the menu was open shows up at once, without moving the focus.
  if (!$('menu-types').hidden) {
    const category = $('menu-types').dataset.category;
    const button = list.querySelector(`[data-category="${CSS.escape(category)}"]`);
    if (button) showTypes(category, button, true);
    else $('menu-types').hidden = true;
  }
}

function showCategories() {
  $('menu-more').setAttribute('aria-expanded', 'true');
  $('menu-categories').hidden = false;
  $('menu-types').hidden = true;
  const first = $('menu-categories').querySelector('button');
  if (first) first.focus();
}

function showTypes(category, button, keepFocus) {
  $('menu-categories').querySelectorAll('button').forEach((b) => b.setAttribute('aria-expanded', String(b === button)));
  const list = $('menu-types');
  list.dataset.category = category;
  list.setAttribute('aria-label', category);
  list.replaceChildren(el('li', { role: 'none', class: 'menu-label', text: category }));
  const types = state.types.filter((t) => t.category === category).sort((a, b) => a.title.localeCompare(b.title));
  for (const type of types) {
    list.append(el('li', { role: 'none' }, el('button', {
      type: 'button', role: 'menuitem', 'data-test': 'type-option', dataset: { type: type.type },
      title: type.description || type.title,
      onclick: () => { closeMenu(false); openCreatePanel(type); },
    }, iconNode(type), el('span', { text: type.title }))));
  }
  list.hidden = false;
  if (!keepFocus) {
    const first = list.querySelector('button');
    if (first) first.focus();
  }
}

function menuKeys(event) {
  const menu = event.target.closest('.menu');
  if (!menu) return;
  const items = [...menu.querySelectorAll('button')];
  const index = items.indexOf(event.target);
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = items[(index + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    if (next) next.focus();
  } else if (event.key === 'ArrowRight' && event.target.getAttribute('aria-haspopup') === 'menu') {
    event.preventDefault();
    event.target.click();
  } else if (event.key === 'ArrowLeft' || event.key === 'Escape') {
    event.preventDefault();
    if (menu.id === 'menu-types') {
      menu.hidden = true;
      const opener = $('menu-categories').querySelector('[aria-expanded="true"]');
      if (opener) { opener.setAttribute('aria-expanded', 'false'); opener.focus(); }
    } else if (menu.id === 'menu-categories' && event.key === 'ArrowLeft') {
      menu.hidden = true;
      $('menu-more').setAttribute('aria-expanded', 'false');
      $('menu-more').focus();
    } else {
      closeMenu(true);
    }
  }
}

// ---------------------------------------------------------------- the element tree

function renderTree() {
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
      el('span', { class: 'badge', dataset: { status: element.status }, 'data-test': 'element-status',
        text: element.status.replace('_', ' ').toLowerCase() }),
      el('span', { class: 'meta', text: element.fullName + ' · ' + (type ? type.title : element.type || 'unknown type') }),
      problem)));
    }
    tree.append(el('div', { class: 'family', dataset: { family } },
      el('h3', { id: headingId, text: family }), list));
  }
}

// ---------------------------------------------------------------- the configuration panel

function resolveRef(schema, root) {
  let node = schema || {};
  for (let depth = 0; depth < 8 && node.$ref; depth++) {
    const ref = node.$ref;
    if (!ref.startsWith('#')) return {};
    node = ref === '#' ? root : ref.slice(2).split('/').reduce((n, part) => (n ? n[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root) || {};
  }
  return node;
}

function kindOf(schema) {
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null');
  if (schema.secret) return 'secret';
  if (Array.isArray(schema.enum)) return 'enum';
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'array') return 'array';
  if (type === 'object' && schema.properties) return 'object';
  if (type === 'string' || type === undefined) return 'string';
  return 'json';
}

function fieldId(path) {
  return 'cfg-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
}

// One configuration field: its input, its optional variable mode, its error.
class FieldControl {
  constructor(path, name, schema, required, root) {
    this.path = path;
    this.name = name;
    this.schema = schema;
    this.kind = kindOf(schema);
    this.required = required && schema.default === undefined;
    this.root = root;
    this.children = [];
    this.savedSecret = null; // {secret, isSet} of a saved element
    this.node = this.render();
  }

  render() {
    const id = fieldId(this.path);
    const label = this.schema.title || this.name;
    if (this.kind === 'object') {
      const fieldset = el('fieldset', { class: 'nested', 'data-field': this.path, 'data-test': 'field-' + this.path },
        el('legend', { text: label }));
      if (this.schema.description) fieldset.append(el('p', { class: 'help', text: this.schema.description }));
      const required = new Set(this.schema.required || []);
      for (const [childName, childSchema] of Object.entries(this.schema.properties || {})) {
        const resolved = resolveRef(childSchema, this.root);
        const child = new FieldControl(this.path + '.' + childName, childName, resolved, required.has(childName), this.root);
        this.children.push(child);
        fieldset.append(child.node);
      }
      this.errorNode = el('p', { class: 'error', id: id + '-error', 'data-test': 'error-' + this.path, hidden: true });
      fieldset.append(this.errorNode);
      return fieldset;
    }

    const describedBy = [id + '-help', id + '-error'].join(' ');
    this.input = this.createInput(id, describedBy);
    this.helpNode = el('p', { class: 'help', id: id + '-help', text: this.helpText() });
    this.errorNode = el('p', { class: 'error', id: id + '-error', 'data-test': 'error-' + this.path, hidden: true });
    this.toggle = el('button', {
      type: 'button', class: 'var-toggle', 'aria-pressed': 'false', 'data-test': 'var-toggle-' + this.path,
      title: 'Take this value from an environment variable', 'aria-label': 'Use an environment variable for ' + label,
      onclick: () => this.setVariableMode(this.toggle.getAttribute('aria-pressed') !== 'true', true),
    }, '{{x}}');

    const labelNode = this.kind === 'boolean'
      ? el('label', { class: 'checkbox', for: id }, this.input, label)
      : el('label', { for: id }, label, this.required ? el('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null);
    this.directNode = el('div', { class: 'direct' }, this.kind === 'boolean' ? null : this.input);
    this.variableNode = this.renderVariable(id);
    return el('div', { class: 'field', 'data-field': this.path, 'data-test': 'field-' + this.path },
      el('div', { class: 'label-row' }, labelNode, this.toggle),
      this.directNode, this.variableNode, this.helpNode, this.errorNode);
  }

  helpText() {
    const parts = [];
    if (this.schema.description) parts.push(this.schema.description);
    const bounds = [];
    const min = this.schema.minimum ?? this.schema.exclusiveMinimum;
    const max = this.schema.maximum ?? this.schema.exclusiveMaximum;
    if (min !== undefined) bounds.push((this.schema.exclusiveMinimum !== undefined ? 'above ' : 'at least ') + min);
    if (max !== undefined) bounds.push((this.schema.exclusiveMaximum !== undefined ? 'below ' : 'at most ') + max);
    if (bounds.length) parts.push('(' + bounds.join(', ') + ')');
    if (this.schema.default !== undefined && this.kind !== 'secret') parts.push('Default: ' + JSON.stringify(this.schema.default) + '.');
    if (this.kind === 'array') parts.push('One value per line.');
    return parts.join(' ');
  }

  createInput(id, describedBy) {
    const common = { id, name: this.path, 'aria-describedby': describedBy, 'data-test': 'input-' + this.path,
      'aria-required': this.required ? 'true' : null };
    const s = this.schema;
    switch (this.kind) {
      case 'enum': {
        const select = el('select', common);
        if (!this.required || s.default === undefined) select.append(el('option', { value: '', text: this.required ? 'Choose…' : '(not set)' }));
        for (const option of s.enum) select.append(el('option', { value: String(option), text: String(option) }));
        return select;
      }
      case 'boolean':
        return el('input', { ...common, type: 'checkbox' });
      case 'integer':
      case 'number': {
        const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (this.kind === 'integer' ? 1 : 0) : undefined);
        const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (this.kind === 'integer' ? 1 : 0) : undefined);
        return el('input', { ...common, type: 'number', inputmode: this.kind === 'integer' ? 'numeric' : 'decimal',
          step: this.kind === 'integer' ? '1' : 'any', min, max });
      }
      case 'secret':
        return el('input', { ...common, type: 'password', autocomplete: 'new-password', spellcheck: 'false' });
      case 'array':
      case 'json':
        return el('textarea', { ...common, rows: '3', spellcheck: 'false' });
      default:
        return el('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false',
          maxlength: s.maxLength, minlength: s.minLength });
    }
  }

  renderVariable(id) {
    const secret = this.kind === 'secret';
    this.varName = el('input', { id: id + '-var-name', 'data-test': 'var-name-' + this.path, autocomplete: 'off',
      spellcheck: 'false', placeholder: 'e.g. ' + this.suggestedVariable() });
    this.varDefault = el('input', { id: id + '-var-default', 'data-test': 'var-default-' + this.path, autocomplete: 'off' });
    this.varRemark = el('input', { id: id + '-var-remark', 'data-test': 'var-remark-' + this.path, autocomplete: 'off' });
    this.varValue = el('input', { id: id + '-var-value', 'data-test': 'var-value-' + this.path,
      type: secret ? 'password' : 'text', autocomplete: secret ? 'new-password' : 'off' });
    this.varState = el('p', { class: 'state', 'data-test': 'var-state-' + this.path });
    const defaultField = secret ? null : el('div', {}, el('label', { for: id + '-var-default', text: 'Default value' }), this.varDefault);
    return el('div', { class: 'variable', hidden: true },
      el('div', { class: 'row' },
        el('div', {}, el('label', { for: id + '-var-name', text: 'Variable name' }), this.varName),
        el('div', {}, el('label', { for: id + '-var-value', text: 'Value for this app' }), this.varValue),
        defaultField,
        el('div', {}, el('label', { for: id + '-var-remark', text: 'Remark' }), this.varRemark)),
      this.varState);
  }

  suggestedVariable() {
    const element = $('element-name').value || 'MY_ELEMENT';
    return (element + '_' + this.path).replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  }

  isVariable() {
    return this.toggle && this.toggle.getAttribute('aria-pressed') === 'true';
  }

  setVariableMode(on, focus) {
    if (!this.toggle) return;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.variableNode.hidden = !on;
    this.directNode.hidden = on;
    if (this.kind === 'boolean') this.input.disabled = on;
    if (on && !this.varName.value) this.varName.value = this.suggestedVariable();
    if (focus) (on ? this.varName : this.input).focus();
    markDirty();
  }

  // Fills the control from a saved or default value.
  set(value, variables) {
    if (this.kind === 'object') {
      const object = value && typeof value === 'object' ? value : {};
      for (const child of this.children) child.set(object[child.name], variables);
      return;
    }
    const match = typeof value === 'string' ? PLACEHOLDER.exec(value) : null;
    if (match) {
      const info = (variables || []).find((v) => v.name === match[1]) || { name: match[1] };
      this.setVariableMode(true, false);
      this.varName.value = info.name;
      this.varDefault.value = info.defaultValue || '';
      this.varRemark.value = info.remark || '';
      this.varValue.value = '';
      this.varValue.placeholder = info.isSet ? 'set — leave empty to keep' : 'not set';
      this.varState.textContent = info.isSet
        ? (info.fromEnvironment ? 'Set in the server’s environment.' : 'Set in this app’s .env.')
        : (info.defaultValue ? 'Not set: the default applies.' : 'Not set yet.');
      return;
    }
    this.setVariableMode(false, false);
    if (this.kind === 'secret') {
      this.savedSecret = value && typeof value === 'object' ? value : null;
      this.input.value = '';
      this.input.placeholder = this.savedSecret && this.savedSecret.isSet ? '•••••••• saved — leave empty to keep' : '';
      return;
    }
    if (value === undefined || value === null) value = this.schema.default;
    if (this.kind === 'boolean') this.input.checked = value === true;
    else if (this.kind === 'array') this.input.value = Array.isArray(value) ? value.join('\n') : '';
    else if (this.kind === 'json') this.input.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    else this.input.value = value === undefined ? '' : String(value);
  }

  // The value to send, or undefined to leave the field out. forTest: use typed variable values directly.
  value(forTest) {
    if (this.kind === 'object') {
      const object = {};
      for (const child of this.children) {
        const v = child.value(forTest);
        if (v !== undefined) object[child.name] = v;
      }
      return Object.keys(object).length ? object : undefined;
    }
    if (this.isVariable()) {
      const name = this.varName.value.trim();
      if (forTest && this.varValue.value !== '') return this.coerce(this.varValue.value);
      if (forTest && this.varDefault.value !== '' && !this.varValue.placeholder.startsWith('set')) return this.coerce(this.varDefault.value);
      return '{{' + name + '}}';
    }
    const raw = this.input.value;
    switch (this.kind) {
      case 'boolean': return this.input.checked;
      case 'secret': return raw === '' ? undefined : raw;
      case 'array': {
        const lines = raw.split('\n').map((l) => l.trim()).filter((l) => l);
        if (!lines.length) return undefined;
        const itemKind = kindOf(resolveRef(this.schema.items || {}, this.root));
        return lines.map((l) => (itemKind === 'integer' || itemKind === 'number') && l !== '' && !isNaN(Number(l)) ? Number(l) : l);
      }
      case 'json':
        if (raw.trim() === '') return undefined;
        try { return JSON.parse(raw); } catch (e) { return raw; }
      default:
        return raw === '' ? undefined : this.coerce(raw);
    }
  }

  coerce(text) {
    if ((this.kind === 'integer' || this.kind === 'number') && text.trim() !== '' && !isNaN(Number(text))) return Number(text);
    if (this.kind === 'boolean') return text === 'true';
    return text;
  }

  all() {
    return this.kind === 'object' ? [this, ...this.children.flatMap((c) => c.all())] : [this];
  }

  showError(message) {
    this.errorNode.textContent = message;
    this.errorNode.hidden = false;
    if (this.input) this.input.setAttribute('aria-invalid', 'true');
    if (this.varName) this.varName.setAttribute('aria-invalid', 'true');
  }

  clearError() {
    this.errorNode.textContent = '';
    this.errorNode.hidden = true;
    if (this.input) this.input.removeAttribute('aria-invalid');
    if (this.varName) this.varName.removeAttribute('aria-invalid');
  }

  focus() {
    const target = this.isVariable() ? this.varName : this.input || (this.children[0] && this.children[0].input);
    if (target) target.focus();
  }
}

function markDirty() {
  state.dirty = true;
}

function buildFields(type) {
  const container = $('config-fields');
  container.replaceChildren();
  const fields = [];
  const schema = type.schema || {};
  const required = new Set(schema.required || []);
  for (const [name, propertySchema] of Object.entries(schema.properties || {})) {
    const control = new FieldControl(name, name, resolveRef(propertySchema, schema), required.has(name), schema);
    fields.push(control);
    container.append(control.node);
  }
  if (!fields.length) container.append(el('p', { class: 'muted', text: 'This type takes no parameters.' }));
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

function openCreatePanel(type) {
  const family = type.family || familyOf(type.meta);
  showPanel('New ' + type.title, type.description || type.type, type);
  $('element-family').textContent = family + '.';
  $('element-name').value = suggestName(type);
  $('element-name').readOnly = false;
  $('element-title').value = type.title;
  $('config-hidden').hidden = true;
  $('delete').hidden = true;
  $('save').disabled = false;
  const fields = buildFields(type);
  for (const field of fields) field.set(undefined, []);
  state.panel = { mode: 'create', type, fields, family };
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

async function openEditPanel(fullName) {
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
    fields = buildFields(type);
    for (const field of fields) field.set(element.config[field.name], element.variables);
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
  state.dirty = false;
  updatePreview();
  renderTree();
  $('panel-title').focus();
}

function closePanel() {
  state.panel = null;
  $('panel').hidden = true;
  $('empty-panel').hidden = false;
  renderTree();
}

function currentFullName() {
  return $('element-family').textContent + $('element-name').value.trim();
}

function updatePreview() {
  $('element-fullname-preview').textContent = currentFullName();
}

function collectConfig(forTest) {
  const config = {};
  for (const field of state.panel.fields) {
    const value = field.value(forTest);
    if (value !== undefined) config[field.name] = value;
  }
  return config;
}

function allControls() {
  return state.panel ? state.panel.fields.flatMap((f) => f.all()) : [];
}

// ---------------------------------------------------------------- errors beside fields

function clearErrors() {
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

function showFormErrors(errors) {
  const box = $('form-errors');
  box.replaceChildren(el('ul', {}, errors.map((e) => el('li', { text: (e.field ? e.field + ': ' : '') + e.message }))));
  box.hidden = false;
}

// Puts each error beside its field; returns the first place that got one, to move the focus there.
function showErrors(errors) {
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

async function saveVariables() {
  const errors = [];
  for (const control of allControls()) {
    if (control.kind === 'object' || !control.isVariable()) continue;
    const name = control.varName.value.trim();
    if (!VARIABLE_NAME.test(name)) {
      errors.push({ field: 'config.' + control.path, message: 'a variable name is letters, digits and underscores, e.g. ' + control.suggestedVariable() });
      continue;
    }
    const body = { defaultValue: control.varDefault.value, remark: control.varRemark.value };
    if (control.varValue.value !== '') body.value = control.varValue.value;
    const result = await api('PUT', '/api/variables/' + encodeURIComponent(name), body);
    if (result.status !== 200) {
      for (const e of errorsOf(result)) errors.push({ field: 'config.' + control.path, message: 'variable ' + name + ': ' + e.message });
    }
  }
  return errors;
}

async function save(event) {
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
    const variableErrors = await saveVariables();
    if (variableErrors.length) { showErrors(variableErrors); return; }
    const body = { title: $('element-title').value.trim() || null, config: collectConfig(false) };
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
      showErrors(errorsOf(result));
    }
  } finally {
    button.disabled = false;
  }
}

async function removeElement() {
  const panel = state.panel;
  if (!panel || panel.mode !== 'edit') return;
  if (!window.confirm('Delete element ' + panel.fullName + ' and its files?')) return;
  const result = await api('DELETE', '/api/elements/' + encodeURIComponent(panel.fullName));
  if (result.status === 204) {
    notice('Deleted ' + panel.fullName + '.');
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

async function testConnection() {
  const panel = state.panel;
  if (!panel || !panel.type) return;
  const box = $('test-result');
  const button = $('test-connection');
  clearTestResult();
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
        { fullName: panel.mode === 'edit' ? panel.fullName : currentFullName(), config: collectConfig(true) });
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
  box.replaceChildren(
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

// ---------------------------------------------------------------- plugins and variables views

function renderPlugins() {
  const body = $('plugins-body');
  body.replaceChildren();
  if (!state.plugins.length) {
    body.append(el('tr', {}, el('td', { colspan: '6', class: 'muted', text: 'No plugins in the plugins folder.' })));
  }
  for (const plugin of state.plugins) {
    body.append(el('tr', { 'data-test': 'plugin-row', dataset: { pluginId: plugin.id, state: plugin.state } },
      el('td', {}, el('strong', { text: plugin.id }), el('div', { class: 'muted', text: plugin.file })),
      el('td', { text: plugin.version }),
      el('td', {}, el('span', { class: 'badge', dataset: { status: plugin.state }, text: plugin.state.toLowerCase() })),
      el('td', { text: (plugin.types || []).join(', ') }),
      el('td', { class: 'error-cell', text: plugin.error || '' }),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'data-test': 'plugin-remove',
        'aria-label': 'Remove plugin ' + plugin.id, onclick: () => removePlugin(plugin.id) }, 'Remove'))));
  }
}

async function removePlugin(id) {
  if (!window.confirm('Stop and remove plugin ' + id + '? Elements of its types will report a missing type.')) return;
  const result = await api('DELETE', '/api/plugins/' + encodeURIComponent(id));
  if (result.status === 204) notice('Removed plugin ' + id + '.');
  else notice(errorsOf(result)[0].message, 'error');
  await refreshAll();
}

async function uploadPlugin(event) {
  event.preventDefault();
  const errors = $('upload-errors');
  errors.hidden = true;
  const file = $('plugin-file').files[0];
  if (!file) {
    errors.textContent = 'Choose a plugin JAR first.';
    errors.hidden = false;
    $('plugin-file').focus();
    return;
  }
  const result = await api('POST', '/api/plugins?filename=' + encodeURIComponent(file.name), file,
    { 'Content-Type': 'application/java-archive' });
  if (result.status === 201) {
    notice('Installed plugin ' + result.data.id + ' ' + result.data.version + '.');
    $('upload-form').reset();
  } else {
    errors.textContent = errorsOf(result).map((e) => e.message).join('; ');
    errors.hidden = false;
  }
  await refreshAll();
}

function renderVariables(variables) {
  const body = $('variables-body');
  body.replaceChildren();
  if (!variables.length) {
    body.append(el('tr', {}, el('td', { colspan: '5', class: 'muted', text: 'No variables yet.' })));
  }
  for (const v of variables) {
    body.append(el('tr', { 'data-test': 'variable-row', dataset: { name: v.name } },
      el('td', {}, el('code', { text: '{{' + v.name + '}}' })),
      el('td', { text: v.defaultValue }),
      el('td', { text: v.remark }),
      el('td', {}, el('span', { class: 'badge', dataset: { status: v.isSet ? 'OK' : 'WARNING' },
        text: v.isSet ? (v.fromEnvironment ? 'set (environment)' : 'set (.env)') : 'not set' })),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete variable ' + v.name,
        onclick: () => removeVariable(v.name) }, 'Delete'))));
  }
}

async function setVariable(event) {
  event.preventDefault();
  const errors = $('variable-errors');
  errors.hidden = true;
  const name = $('new-var-name').value.trim();
  if (!VARIABLE_NAME.test(name)) {
    errors.textContent = 'A variable name is letters, digits and underscores.';
    errors.hidden = false;
    $('new-var-name').focus();
    return;
  }
  const body = { defaultValue: $('new-var-default').value, remark: $('new-var-remark').value };
  if ($('new-var-value').value !== '') body.value = $('new-var-value').value;
  const result = await api('PUT', '/api/variables/' + encodeURIComponent(name), body);
  if (result.status === 200) {
    notice('Variable ' + name + ' saved.');
    $('variable-form').reset();
  } else {
    errors.textContent = errorsOf(result).map((e) => e.message).join('; ');
    errors.hidden = false;
  }
  await loadVariables();
}

async function removeVariable(name) {
  if (!window.confirm('Delete variable ' + name + ' from this app?')) return;
  const result = await api('DELETE', '/api/variables/' + encodeURIComponent(name));
  if (result.status !== 204) notice(errorsOf(result)[0].message, 'error');
  await loadVariables();
}

// ---------------------------------------------------------------- API keys view

async function loadKeys() {
  const result = await api('GET', '/api/keys');
  const body = $('keys-body');
  body.replaceChildren();
  const keys = result.status === 200 ? result.data : [];
  if (!keys.length) {
    body.append(el('tr', {}, el('td', { colspan: '6', class: 'muted', text: 'No API keys yet.' })));
  }
  for (const key of keys) {
    body.append(el('tr', { 'data-test': 'key-row', dataset: { name: key.name } },
      el('td', { text: key.name }),
      el('td', {}, el('code', { text: key.id })),
      el('td', { text: key.services.join(', ') }),
      el('td', { text: key.methods.join(', ') }),
      el('td', { text: key.createdAt }),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'data-test': 'key-revoke',
        'aria-label': 'Revoke API key ' + key.name, onclick: () => revokeKey(key) }, 'Revoke'))));
  }
}

async function createKey(event) {
  event.preventDefault();
  const errors = $('key-errors');
  errors.hidden = true;
  $('key-created').hidden = true;
  const methods = [...document.querySelectorAll('input[name="key-method"]:checked')].map((box) => box.value);
  const body = {
    name: $('new-key-name').value.trim(),
    services: $('new-key-services').value.split(',').map((s) => s.trim()).filter((s) => s),
    methods,
  };
  const result = await api('POST', '/api/keys', body);
  if (result.status === 201) {
    // Shown once, as text; the page keeps it nowhere else.
    $('key-created-value').textContent = result.data.key;
    $('key-created').hidden = false;
    $('new-key-name').value = '';
  } else {
    errors.textContent = errorsOf(result).map((e) => e.message).join('; ');
    errors.hidden = false;
  }
  await loadKeys();
}

async function revokeKey(key) {
  if (!window.confirm('Revoke API key ' + key.name + '? Clients using it get 401 from their next request on.')) return;
  const result = await api('DELETE', '/api/keys/' + encodeURIComponent(key.id));
  if (result.status !== 204) notice(errorsOf(result)[0].message, 'error');
  $('key-created').hidden = true;
  await loadKeys();
}

function showView(name) {
  if (name === 'keys') loadKeys();
  for (const view of ['elements', 'plugins', 'variables', 'keys']) {
    $('view-' + view).hidden = view !== name;
    const button = $('nav-' + view);
    if (view === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('add-element').addEventListener('click', () => ($('add-menu').hidden ? openMenu() : closeMenu(true)));
  $('menu-more').addEventListener('click', showCategories);
  $('add-menu').addEventListener('keydown', menuKeys);
  document.addEventListener('click', (event) => {
    if (!$('add-menu').hidden && !event.target.closest('.menu-anchor')) closeMenu(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('add-menu').hidden && !event.target.closest('.menu')) closeMenu(true);
  });
  $('element-form').addEventListener('submit', save);
  $('element-form').addEventListener('input', markDirty);
  $('element-form').addEventListener('change', markDirty);
  $('element-name').addEventListener('input', updatePreview);
  $('cancel').addEventListener('click', closePanel);
  $('delete').addEventListener('click', removeElement);
  $('test-connection').addEventListener('click', testConnection);
  $('upload-form').addEventListener('submit', uploadPlugin);
  $('variable-form').addEventListener('submit', setVariable);
  $('key-form').addEventListener('submit', createKey);
  document.querySelectorAll('.views button').forEach((b) => b.addEventListener('click', () => showView(b.dataset.view)));
  loadApp();
  refreshAll();
  startLiveUpdates();
});
