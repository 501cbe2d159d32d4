// @ts-check
// DOM helpers. Everything the server sends goes into the page as text (textContent), never as markup; plugin icons
// are shown as images.

/**
 * The page's element with this id. Typed loosely on purpose: the ids are the page's own (index.html), and each
 * caller knows which kind of element it asked for.
 * @param {string} id
 * @returns {any}
 */
export const $ = (id) => document.getElementById(id);

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * A new element. Attributes: class, text (textContent), on* (listeners), dataset, others as attributes; null,
 * undefined and false leave an attribute out. Children: nodes or text; null, undefined and false are skipped.
 * @param {string} tag
 * @param {Record<string, any> | null} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {any}
 */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...present(children.flat()).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

/**
 * The children worth showing: replaceChildren(null) would print "null" (the Test Connection box once said
 * "nullnull"), so every caller that may hold an absent part filters through here.
 * @param {Child[]} children
 * @returns {(Node | string | number)[]}
 */
export function present(children) {
  return /** @type {(Node | string | number)[]} */ (children.filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * Replaces the children of a node, skipping absent parts.
 * @param {Element} node
 * @param {...Child} children
 */
export function replace(node, ...children) {
  node.replaceChildren(...present(children).map((c) => (c instanceof Node ? c : String(c))));
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let noticeTimer;

/**
 * Shows a short message at the top of the page.
 * @param {string} message
 * @param {'ok'|'error'} [kind]
 */
export function notice(message, kind) {
  const box = $('notice');
  box.textContent = message;
  box.dataset.kind = kind || 'ok';
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 10000 : 5000);
}

/**
 * A type's icon: its SVG as an image (as an image it cannot run scripts or touch the page), else its first letter.
 * @param {{icon?: string, title?: string} | undefined} type
 * @param {boolean} [large]
 */
export function iconNode(type, large) {
  const svg = type && type.icon ? type.icon.trim() : '';
  if (svg.startsWith('<svg') || svg.startsWith('<?xml')) {
    return el('img', { class: 'type-icon' + (large ? ' large' : ''), alt: '',
      src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg) });
  }
  const letter = type && type.title ? type.title.charAt(0).toUpperCase() : '?';
  return el('span', { class: 'letter-icon', 'aria-hidden': 'true', text: letter });
}
