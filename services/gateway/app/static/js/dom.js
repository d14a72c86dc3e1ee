// A tiny DOM builder. Every string becomes a text node: data from the API
// (titles, names, comments) is never parsed as HTML.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) setAttr(el, key, value);
  }
  append(el, children);
  return el;
}

function setAttr(el, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key.startsWith('on') && typeof value === 'function') {
    el.addEventListener(key.slice(2).toLowerCase(), value);
  } else if (key === 'class') {
    el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
  } else if (key === 'dataset') {
    Object.assign(el.dataset, value);
  } else if (PROPERTIES.has(key)) {
    el[key] = value;
  } else {
    el.setAttribute(key, value === true ? '' : String(value));
  }
}

export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Replaces an element's children.
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
// A unique id for label/field and aria-describedby pairs.
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A path segment from an id: ids are opaque and may hold any character.
export function seg(value) {
  return encodeURIComponent(String(value));
}
