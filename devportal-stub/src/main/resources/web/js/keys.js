// @ts-check
// The API keys view: keys for the /api/v2 cache services, shown once when created.
import { api, errorsOf } from './api.js';
import { $, el, notice } from './dom.js';
// ---------------------------------------------------------------- API keys view

export async function loadKeys() {
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

export async function createKey(event) {
  event.preventDefault();
  const errors = $('key-errors');
  errors.hidden = true;
  $('key-created').hidden = true;
  const methods = [...document.querySelectorAll('input[name="key-method"]:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
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
