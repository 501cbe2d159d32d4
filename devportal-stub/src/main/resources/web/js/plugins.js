// @ts-check
// The plugins view: what is loaded, what failed and why, upload and remove.
import { api, errorsOf } from './api.js';
import { $, el, notice } from './dom.js';
import { state } from './state.js';
import { refreshAll } from './main.js';

export async function loadPlugins() {
  const result = await api('GET', '/api/plugins');
  if (result.status !== 200) return;
  state.plugins = result.data;
  renderPlugins();
}
// ---------------------------------------------------------------- plugins and variables views

export function renderPlugins() {
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

export async function uploadPlugin(event) {
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
