// A real DOM (happy-dom) as the page's globals, for modules that create elements. Imported first by each test.
import { Window } from 'happy-dom';

const window = new Window({ url: 'http://127.0.0.1/' });
for (const name of ['window', 'document', 'Node', 'HTMLElement', 'Element', 'CSS', 'Blob', 'MessageEvent',
  'getComputedStyle', 'matchMedia', 'requestAnimationFrame', 'devicePixelRatio', 'ResizeObserver', 'Path2D', 'navigator', 'Event', 'CustomEvent', 'MouseEvent', 'EventTarget']) {
  if (name in window) Object.defineProperty(globalThis, name, { value: name === 'window' ? window : window[name], configurable: true, writable: true });
}
export { window };
