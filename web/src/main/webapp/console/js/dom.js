// Builds elements with text only: API strings become text nodes, never markup.

/** el('td', {class: 'x', onclick: fn}, 'text', child): attributes, listeners and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'href') {
      node.href = safeUrl(value);
    } else if (key in node && typeof value !== 'string') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Only http(s) links: a javascript: URL from a remote server must not become clickable. */
export function safeUrl(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : 'about:blank';
  } catch {
    return 'about:blank';
  }
}

/** An ISO instant as local time, or a dash. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

export function notice(text) {
  fill(document.getElementById('notice'), text || '');
}
