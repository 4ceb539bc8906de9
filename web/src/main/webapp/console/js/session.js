// The bearer token lives in sessionStorage only: gone when the tab closes, never in a URL or log.
const KEY = 'trace-relay-token';
// The claims that carry the tenant and the groups (trace.auth.*-claim, told by the relay).
const names = { tenant: 'tenant_id', groups: 'groups' };

export function claimNames(tenant, groups) {
  if (tenant) names.tenant = tenant;
  if (groups) names.groups = groups;
}

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

export function tenant() {
  return claims()[names.tenant];
}

function groups() {
  const value = claims()[names.groups];
  return Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
}

/** Editors may change things; anyone else sees the page read-only. */
export function canEdit() {
  return groups().includes('editor');
}

/** Operators see the relay's own state (and no tenant's apps unless their token also has viewer or editor). */
export function isOperator() {
  return groups().includes('operator');
}

export function seesApps() {
  return groups().includes('viewer') || groups().includes('editor');
}
