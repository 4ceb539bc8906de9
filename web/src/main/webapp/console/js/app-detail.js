// One app: rename, delete, the tracing switch and its active provider.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el, fill, notice } from './dom.js';
import { canEdit } from './session.js';

/** Renders into `section`; `changed()` after a rename or switch, `deleted()` after a delete. */
export async function renderAppDetail(section, appId, providers, changed, deleted) {
  const [app, tracing] = await Promise.all([api('GET', 'apps/' + appId), api('GET', 'apps/' + appId + '/trace')]);
  const edit = canEdit();
  const name = el('input', { type: 'text', id: 'app-name', value: app.name, disabled: !edit });
  const enabled = el('input', { type: 'checkbox', id: 'tracing-enabled', checked: tracing.enabled, disabled: !edit });
  const provider = el('select', { id: 'tracing-provider', disabled: !edit },
    el('option', { value: '' }, '(none)'),
    providers.map(p => el('option', { value: p, selected: p === tracing.tracing_provider }, p)));
  provider.value = tracing.tracing_provider || '';
  const tracingAnswer = el('span', { class: 'answer', id: 'tracing-answer' },
    tracing.tracing_provider && !tracing.configured ? 'not configured yet' : '');
  fill(section,
    el('h2', { id: 'app-title' }, app.name),
    el('p', {}, 'app id ', el('code', { id: 'app-id' }, app.app_id), ' · mode ', app.mode || '–'),
    el('form', { id: 'rename-app', class: 'row', onsubmit: async e => {
      e.preventDefault();
      if (await act(() => api('PUT', 'apps/' + appId, { name: name.value, mode: app.mode }), 'Renamed to ' + name.value + '.')) {
        app.name = name.value;
        fill(document.getElementById('app-title'), app.name);
        changed();
      }
    } }, el('label', {}, el('span', { class: 'name' }, 'name'), name), el('button', { type: 'submit', id: 'rename', disabled: !edit }, 'Rename')),
    el('form', { id: 'tracing', class: 'row', onsubmit: async e => {
      e.preventDefault();
      const body = { enabled: enabled.checked, tracing_provider: provider.value || null };
      try {
        const r = await api('POST', 'apps/' + appId + '/trace', body);
        fill(tracingAnswer, r.enabled ? 'tracing on → ' + r.tracing_provider : 'tracing off');
        tracingAnswer.className = 'answer ok';
        changed();
      } catch (err) {
        fill(tracingAnswer, err.message);
        tracingAnswer.className = 'answer bad';
      }
    } },
    el('label', {}, enabled, ' tracing on'),
    el('label', {}, el('span', { class: 'name' }, 'active provider'), provider),
    el('button', { type: 'submit', id: 'save-tracing', disabled: !edit }, 'Save'), tracingAnswer),
    el('button', { type: 'button', id: 'delete-app', class: 'danger', disabled: !edit, onclick: async () => {
      const ok = await confirmAction('Delete app "' + app.name + '" (' + app.app_id + ')? Its provider configs, its stored '
        + 'tasks and all their deliveries are deleted too; this cannot be undone.', 'Delete app');
      if (ok && await act(() => api('DELETE', 'apps/' + appId), 'Deleted ' + app.name + '.')) deleted();
    } }, 'Delete app…'));
}

async function act(call, done) {
  try {
    await call();
    notice(done);
    return true;
  } catch (err) {
    notice(err.message);
    return false;
  }
}
