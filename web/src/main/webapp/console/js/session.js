// The bearer token lives in sessionStorage only: gone when the tab closes, never in a URL or log.
const KEY = 'trace-relay-token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, read for display only: the API checks the signature and the groups. */
export function claims() {
  const t = token();
  if (!t) return {};
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** Editors may change things; anyone else sees the page read-only. */
export function canEdit() {
  const groups = claims().groups;
  return Array.isArray(groups) && groups.includes('editor');
}
