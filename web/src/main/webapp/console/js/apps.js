// The tenant's apps: list, register.
import { api } from './api.js';
import { el, fill, notice } from './dom.js';
import { canEdit } from './session.js';

const MODES = ['advanced-chat', 'workflow', 'chat', 'agent-chat', 'completion'];

/** Renders the list into `section`; `open(appId)` shows one app. */
export async function renderApps(section, selected, open) {
  const { apps } = await api('GET', 'apps');
  const rows = apps.map(app => el('tr', { class: app.app_id === selected ? 'selected' : '', dataset: { appId: app.app_id } },
    el('td', {}, el('a', { href: '#app/' + app.app_id, class: 'app-link', onclick: e => { e.preventDefault(); open(app.app_id); } }, app.name)),
    el('td', {}, app.tracing_enabled ? 'on · ' + (app.tracing_provider || '') : 'off')));
  fill(section,
    el('h2', {}, 'Apps'),
    apps.length === 0 ? el('p', {}, 'No apps yet.') : el('table', { id: 'apps' },
      el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'tracing'))), el('tbody', {}, rows)),
    canEdit() ? registerForm(open) : null);
}

/** A random UUID (crypto.randomUUID exists only in secure contexts; a relay on plain http may not be one). */
function newAppId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

function registerForm(open) {
  const id = el('input', { type: 'text', id: 'new-app-id', value: newAppId(), required: true });
  const name = el('input', { type: 'text', id: 'new-app-name', placeholder: 'Support bot', required: true });
  const mode = el('select', { id: 'new-app-mode' }, MODES.map(m => el('option', { value: m }, m)));
  const answer = el('span', { class: 'answer', id: 'register-answer' });
  return el('form', {
    id: 'register-app',
    onsubmit: async e => {
      e.preventDefault();
      try {
        await api('PUT', 'apps/' + encodeURIComponent(id.value.trim()), { name: name.value, mode: mode.value });
        notice('Registered ' + name.value + '.');
        open(id.value.trim());
      } catch (err) {
        fill(answer, err.message);
        answer.className = 'answer bad';
      }
    },
  },
  el('h3', {}, 'Register an app'),
  el('label', {}, el('span', { class: 'name' }, 'app id (Dify)'), id),
  el('label', {}, el('span', { class: 'name' }, 'name'), name),
  el('label', {}, el('span', { class: 'name' }, 'mode'), mode),
  el('button', { type: 'submit', id: 'register' }, 'Register'), answer);
}
