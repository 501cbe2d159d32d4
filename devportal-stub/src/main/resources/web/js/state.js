// @ts-check
// What the page knows: the server's lists and what the panel shows. One shared object, changed by the views.

/** The host's one placeholder definition (Placeholders.NAME): a variable name is what a .env file can define. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const PLACEHOLDER = /^\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}$/;
export const NAME_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * @typedef {{type: string, title: string, category: string, family?: string, meta: string, description?: string,
 *   icon?: string, schema?: any}} ElementType
 * @typedef {{fullName: string, family?: string, type: string, title?: string, status: string, error?: string}} ElementSummary
 * @typedef {{id: string, version: string, state: string, file: string, types?: string[], error?: string}} Plugin
 * @typedef {{mode: 'create'|'edit', type: ElementType|undefined, fields: import('./schema-form.js').FieldControl[],
 *   family?: string, fullName?: string, element?: any}} Panel
 */

export const state = {
  /** @type {ElementType[]} */ types: [],
  /** @type {ElementSummary[]} */ elements: [],
  /** @type {Plugin[]} */ plugins: [],
  /** @type {Panel|null} */ panel: null,
  dirty: false,
  /** Live state per element fullName, learnt from tests and calls: 'ok' | 'unavailable' | 'broken'. */
  /** @type {Map<string, string>} */ health: new Map(),
};

/** @param {string} name */
export function typeByName(name) {
  return state.types.find((t) => t.type === name);
}

/** @param {string} fullName */
export function familyOf(fullName) {
  return fullName.split('.')[0];
}
