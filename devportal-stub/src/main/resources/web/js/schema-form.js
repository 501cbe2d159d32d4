// @ts-check
// The configuration form generated from a type's JSON Schema: one FieldControl per property, with its variable
// mode and its error, and the schema's if/then conditions deciding which fields the chosen mode shows.
import { el } from './dom.js';
import { PLACEHOLDER } from './state.js';

/**
 * What a field needs from the page around it.
 * @typedef {{elementName: () => string, changed: () => void}} FormContext
 */

/** @type {FormContext} */
const QUIET = { elementName: () => '', changed: () => {} };

/**
 * Follows local $refs ("#/$defs/X") to the schema they name.
 * @param {any} schema
 * @param {any} root
 * @returns {any}
 */
export function resolveRef(schema, root) {
  let node = schema || {};
  for (let depth = 0; depth < 8 && node.$ref; depth++) {
    const ref = node.$ref;
    if (!ref.startsWith('#')) return {};
    node = ref === '#' ? root : ref.slice(2).split('/').reduce((n, part) => (n ? n[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root) || {};
  }
  return node;
}

/**
 * @param {any} schema
 * @returns {string}
 */
export function kindOf(schema) {
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

/** @param {string} path */
function fieldId(path) {
  return 'cfg-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
}

// One configuration field: its input, its optional variable mode, its error.
export class FieldControl {
  /**
   * @param {string} path
   * @param {string} name
   * @param {any} schema
   * @param {boolean} required
   * @param {any} root
   * @param {FormContext} [context]
   */
  constructor(path, name, schema, required, root, context) {
    this.context = context || QUIET;
    this.path = path;
    this.name = name;
    this.schema = schema;
    this.kind = kindOf(schema);
    this.required = required && schema.default === undefined;
    this.root = root;
    /** @type {FieldControl[]} */
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
        const child = new FieldControl(this.path + '.' + childName, childName, resolved, required.has(childName), this.root, this.context);
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
    const element = this.context.elementName() || 'MY_ELEMENT';
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
    this.context.changed();
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


/**
 * The form of a schema's properties, in declaration order, appended to container.
 * @param {Element} container
 * @param {any} schema
 * @param {FormContext} [context]
 * @returns {FieldControl[]}
 */
export function buildFields(container, schema, context) {
  container.replaceChildren();
  const fields = [];
  const root = schema || {};
  const required = new Set(root.required || []);
  for (const [name, propertySchema] of Object.entries(root.properties || {})) {
    const control = new FieldControl(name, name, resolveRef(propertySchema, root), required.has(name), root, context);
    fields.push(control);
    container.append(control.node);
  }
  if (!fields.length) container.append(el('p', { class: 'muted', text: 'This type takes no parameters.' }));
  return fields;
}

/**
 * The schema's conditions, read from allOf entries of the form
 * {if: {properties: {mode: {const: "sentinel"}}}, then: {properties: {nodes: {}, master_name: {}}}}
 * (what the host's ConfigSchemas generates from @ShownWhen): for each field a then names, the values of the
 * deciding field that show it. A field no condition names is always shown.
 * @param {any} schema
 * @returns {Map<string, {field: string, values: any[]}[]>}
 */
export function conditionsOf(schema) {
  /** @type {Map<string, {field: string, values: any[]}[]>} */
  const conditions = new Map();
  for (const branch of (schema && Array.isArray(schema.allOf)) ? schema.allOf : []) {
    const tests = branch && branch.if && branch.if.properties ? Object.entries(branch.if.properties) : [];
    const shown = branch && branch.then && branch.then.properties ? Object.keys(branch.then.properties) : [];
    if (tests.length !== 1 || !shown.length) continue;
    const [field, test] = /** @type {[string, any]} */ (tests[0]);
    const values = 'const' in test ? [test.const] : Array.isArray(test.enum) ? test.enum : null;
    if (!values) continue;
    for (const name of shown) {
      if (!conditions.has(name)) conditions.set(name, []);
      /** @type {{field: string, values: any[]}[]} */ (conditions.get(name)).push({ field, values });
    }
  }
  return conditions;
}

/**
 * Shows the fields whose conditions hold for the form's current values (a field's default counts when it is
 * empty), hides the others. Returns the names of the hidden fields: they are not sent.
 * @param {FieldControl[]} fields
 * @param {any} schema
 * @returns {Set<string>}
 */
export function applyConditions(fields, schema) {
  const conditions = conditionsOf(schema);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const hidden = new Set();
  for (const field of fields) {
    const rules = conditions.get(field.name);
    const visible = !rules || rules.some((rule) => {
      const decider = byName.get(rule.field);
      if (!decider) return true;
      let current = decider.value(false);
      if (current === undefined) current = decider.schema.default;
      return rule.values.includes(current);
    });
    field.node.hidden = !visible;
    if (!visible) hidden.add(field.name);
  }
  return hidden;
}

/**
 * The configuration the form holds: each shown field's value, left out where empty.
 * @param {FieldControl[]} fields
 * @param {any} schema
 * @param {boolean} forTest use typed variable values directly
 * @returns {Record<string, any>}
 */
export function collectConfig(fields, schema, forTest) {
  const hidden = applyConditions(fields, schema);
  /** @type {Record<string, any>} */
  const config = {};
  for (const field of fields) {
    if (hidden.has(field.name)) continue;
    const value = field.value(forTest);
    if (value !== undefined) config[field.name] = value;
  }
  return config;
}
