// @ts-check
// The variables view: the app's {{VARIABLE}} values (set in .env or the environment), their defaults and remarks.
import { api, errorsOf } from './api.js';
import { $, el, notice } from './dom.js';
import { VARIABLE_NAME } from './state.js';

export async function loadVariables() {
  const result = await api('GET', '/api/variables');
  if (result.status !== 200) return;
  renderVariables(result.data);
}

export function renderVariables(variables) {
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

export async function setVariable(event) {
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

