// @ts-check
// The + menu: More ▸ categories ▸ types, operable by keyboard as a menu.
import { $, el, iconNode } from './dom.js';
import { openCreatePanel } from './panel.js';
import { state } from './state.js';
// ---------------------------------------------------------------- the + menu

export function openMenu() {
  $('add-menu').hidden = false;
  $('add-element').setAttribute('aria-expanded', 'true');
  $('menu-categories').hidden = true;
  $('menu-types').hidden = true;
  $('menu-more').setAttribute('aria-expanded', 'false');
  $('menu-more').focus();
}

export function closeMenu(returnFocus) {
  $('add-menu').hidden = true;
  $('add-element').setAttribute('aria-expanded', 'false');
  if (returnFocus) $('add-element').focus();
}

function categories() {
  return [...new Set(state.types.map((t) => t.category))].sort();
}

export function renderCategories() {
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

export function showCategories() {
  $('menu-more').setAttribute('aria-expanded', 'true');
  $('menu-categories').hidden = false;
  $('menu-types').hidden = true;
  const first = $('menu-categories').querySelector('button');
  if (first) first.focus();
}

/**
 * The built-in cache is one per app (the host derives its backend; settings.defaultElement.defaultCache names it):
 * once the app has it, the menu no longer offers a second.
 * @param {import('./state.js').ElementType} type
 */
function offered(type) {
  return type.type !== BUILTIN_CACHE || !state.elements.some((e) => e.type === BUILTIN_CACHE);
}

const BUILTIN_CACHE = 'caches.BuiltinsType';

function showTypes(category, button, keepFocus) {
  $('menu-categories').querySelectorAll('button').forEach((b) => b.setAttribute('aria-expanded', String(b === button)));
  const list = $('menu-types');
  list.dataset.category = category;
  list.setAttribute('aria-label', category);
  list.replaceChildren(el('li', { role: 'none', class: 'menu-label', text: category }));
  const types = state.types.filter((t) => t.category === category && offered(t))
    .sort((a, b) => a.title.localeCompare(b.title));
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

export function menuKeys(event) {
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

