// The public admin API, same origin, with the session's bearer token.
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.code = problem.code;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/** Listeners told when the API answers 401 (the token expired or is not valid). */
export const unauthorized = new EventTarget();

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const reply = await fetch('/api/v1/' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store',
  });
  const text = await reply.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { detail: 'HTTP ' + reply.status };
  }
  if (!reply.ok) {
    if (reply.status === 401) unauthorized.dispatchEvent(new Event('401'));
    throw new ApiError(reply.status, json);
  }
  return json;
}

/** The OpenAPI document's per-provider config schemas: {provider: {fields: [{name, secret, required, default}]}}. */
export async function providerSchemas() {
  const reply = await fetch('/openapi?format=JSON', { headers: { Accept: 'application/json' }, credentials: 'omit' });
  const doc = await reply.json();
  const schemas = (doc.components && doc.components.schemas) || {};
  const out = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.startsWith('TracingConfig_')) continue;
    const required = schema.required || [];
    out[name.slice('TracingConfig_'.length)] = {
      fields: Object.entries(schema.properties || {}).map(([field, p]) => ({
        name: field,
        secret: p['x-secret'] === true,
        required: required.includes(field),
        default: p.default === undefined ? '' : String(p.default),
        description: p.description || '',
      })),
    };
  }
  return out;
}
