// The one way server HTML enters the page: an allow-list sanitizer for the
// HTML of POST /v1/briefs:preview (cmark-gfm's safe mode already leaves raw
// HTML and unsafe links out; this is the second wall, so that a bug or a
// change there can never run script here).
//
// The HTML is parsed by DOMParser into an inert document (no script runs,
// nothing loads), then rebuilt node by node in this document from what the
// allow-list keeps: elements by name, attributes by name and value, text as
// text. Nothing of the parsed document itself is ever inserted.
//
//   import { sanitizeHtml } from './sanitize.js';
//   container.append(sanitizeHtml(html));   // a DocumentFragment
//
// Parsing is not running: Chromium still reports, as console errors, the
// inline handlers and styles it blocks in the parsed text under the page's
// CSP (none of them runs, and none is copied). The preview's HTML has none:
// cmark-gfm's safe mode leaves raw HTML out.
//
// Shared by the expert's review screen, the editor's desk and the
// participant's brief editor.

// Elements kept, with their own attributes kept (values checked below).
const KEEP = {
  p: [], h3: [], h4: [], h5: [], h6: [], ul: [], ol: [], li: [],
  em: [], strong: [], code: [], pre: [], blockquote: [], a: ['href'],
  table: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['align'], td: ['align'], caption: [],
  br: [], hr: [], del: [],
};

// Elements dropped with everything inside them: their content is not text
// a reader should see (or is executable).
const DROP = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'noscript', 'noembed', 'noframes', 'svg', 'math', 'textarea', 'select', 'option', 'button',
  'input', 'form', 'title', 'head', 'meta', 'link', 'base', 'xmp', 'plaintext', 'canvas',
  'audio', 'video', 'source', 'track', 'picture', 'dialog', 'portal', 'slot',
]);

const ALIGN = new Set(['left', 'center', 'right']);
const MAX_DEPTH = 200;

// Only absolute http(s) and mailto links, and links within the page.
export function safeHref(value) {
  const href = String(value || '').trim();
  if (!href) return null;
  if (href.startsWith('#')) return href;
  let url;
  try {
    url = new URL(href);
  } catch {
    return null; // relative or malformed
  }
  return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
}

function copyAttributes(from, to, allowed) {
  for (const name of allowed) {
    if (!from.hasAttribute(name)) continue;
    const value = from.getAttribute(name);
    if (name === 'href') {
      const href = safeHref(value);
      if (href) to.setAttribute('href', href);
    } else if (name === 'align' && ALIGN.has(value.toLowerCase())) {
      to.setAttribute('align', value.toLowerCase());
    }
  }
}

function rebuild(source, target, depth) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(node.data));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
    const name = node.localName;
    if (node.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROP.has(name)) continue;
    if (depth >= MAX_DEPTH) {
      target.append(document.createTextNode(node.textContent));
      continue;
    }
    if (name === 'img') {
      // An image is not loaded; its description stays readable.
      const alt = node.getAttribute('alt');
      if (alt) target.append(document.createTextNode(alt));
      continue;
    }
    const allowed = Object.prototype.hasOwnProperty.call(KEEP, name) ? KEEP[name] : null;
    if (!allowed) {
      // Anything else (span, div, h1, ins, …) gives way to its content.
      rebuild(node, target, depth + 1);
      continue;
    }
    const el = document.createElement(name);
    copyAttributes(node, el, allowed);
    // A link without a safe target is just its text.
    if (name === 'a' && !el.hasAttribute('href')) {
      rebuild(node, target, depth + 1);
      continue;
    }
    if (name === 'a' && !el.getAttribute('href').startsWith('#')) {
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    rebuild(node, el, depth + 1);
    target.append(el);
  }
}

// html (a string) -> a DocumentFragment of this document holding only what
// the allow-list keeps.
export function sanitizeHtml(html) {
  const fragment = document.createDocumentFragment();
  if (typeof html !== 'string' || html === '') return fragment;
  const inert = new DOMParser().parseFromString(html, 'text/html');
  rebuild(inert.body, fragment, 0);
  return fragment;
}

// The elements and attributes kept, for tests and for documentation.
export const ALLOWED_ELEMENTS = Object.freeze(Object.keys(KEEP));
