// Redaction rules of one destination (this app's provider, the enterprise collector or the tenant default) and a preview.
import { api } from './api.js';
import { el, fill, notice } from './dom.js';
import { canEdit } from './session.js';

const EXAMPLE = { drop: [], keep: [], mask: ['email', 'phone', 'card', 'iban', 'ip', 'api_key', 'bearer'], patterns: [], hash: ['metadata.user_id'], content: true };

/** Renders into `section` for the app's active provider (null: only the collector and the default). */
export async function renderRedaction(section, appId, provider) {
  const destinations = (provider ? [provider + '/' + appId] : []).concat(['enterprise', 'default']);
  const choice = el('select', { id: 'redaction-destination' }, destinations.map(d => el('option', { value: d }, d)));
  const rules = el('textarea', { id: 'redaction-rules', rows: 8, spellcheck: 'false', disabled: !canEdit() });
  const source = el('span', { class: 'answer', id: 'redaction-source' });
  const errors = el('ul', { class: 'error-text', id: 'redaction-errors' });
  const task = el('textarea', { id: 'redaction-task', rows: 6, spellcheck: 'false', placeholder: '{"trace_info_type": "…", "trace_info": {…}}' });
  const taskId = el('input', { type: 'text', id: 'redaction-task-id', placeholder: 'or a stored task id' });
  const result = el('pre', { id: 'redaction-preview' });
  const load = async () => {
    fill(errors);
    const r = await api('GET', 'redaction/rules?destination=' + encodeURIComponent(choice.value));
    rules.value = JSON.stringify(r.rules || r.in_force || EXAMPLE, null, 2);
    fill(source, r.source ? 'in force: ' + r.source.replace('_', ' ') : (r.rules ? 'set' : 'not set'));
  };
  const showErrors = err => fill(errors, (err.errors.length ? err.errors : [{ path: '', message: err.message }])
    .map(e => el('li', {}, (e.path ? e.path + ': ' : '') + e.message)));
  const parsed = () => {
    try {
      return JSON.parse(rules.value);
    } catch (e) {
      showErrors({ errors: [{ path: 'rules', message: e.message }], message: e.message });
      return null;
    }
  };
  choice.addEventListener('change', () => load().catch(err => notice(err.message)));
  fill(section,
    el('h3', {}, 'Redaction'),
    el('p', {}, 'What leaves for a destination: see docs/redaction.md for the rules.'),
    el('label', {}, el('span', { class: 'name' }, 'destination'), choice), source,
    rules, errors,
    el('div', { class: 'row' },
      el('button', { type: 'button', id: 'save-redaction', disabled: !canEdit(), onclick: async () => {
        const body = parsed();
        if (!body) return;
        try {
          await api('PUT', 'redaction/rules?destination=' + encodeURIComponent(choice.value), body);
          notice('Redaction rules saved for ' + choice.value + '; they apply from the next batch.');
          await load();
        } catch (err) {
          showErrors(err);
        }
      } }, 'Save rules'),
      el('button', { type: 'button', id: 'remove-redaction', disabled: !canEdit(), onclick: async () => {
        try {
          await api('DELETE', 'redaction/rules?destination=' + encodeURIComponent(choice.value));
          notice('Redaction rules removed for ' + choice.value + '.');
          await load();
        } catch (err) {
          showErrors(err);
        }
      } }, 'Remove')),
    el('h4', {}, 'Preview'), task, taskId,
    el('button', { type: 'button', id: 'preview-redaction', disabled: !canEdit(), onclick: async () => {
      const body = parsed();
      if (!body) return;
      let request;
      try {
        request = task.value.trim() ? { rules: body, task: JSON.parse(task.value) } : { rules: body, task_id: taskId.value.trim() };
      } catch (e) {
        showErrors({ errors: [{ path: 'task', message: e.message }], message: e.message });
        return;
      }
      try {
        const r = await api('POST', 'redaction/preview?destination=' + encodeURIComponent(choice.value), request);
        fill(errors);
        fill(result, r.redacted.count + ' redacted ' + JSON.stringify(r.redacted.rules) + '\n' + JSON.stringify(r.task, null, 2));
      } catch (err) {
        showErrors(err);
      }
    } }, 'Preview'),
    result);
  await load();
}
