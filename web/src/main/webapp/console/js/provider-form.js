// One form per provider, generated from the config schema the OpenAPI document publishes.
// Dify's behaviour: secrets come back masked and a masked value is kept as it is; "" clears.
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el, fill } from './dom.js';
import { canEdit } from './session.js';

export async function renderProviderConfig(section, appId, schemas, chosen, changed) {
  const providers = Object.keys(schemas).sort();
  const provider = chosen && schemas[chosen] ? chosen : providers[0];
  const picker = el('select', { id: 'config-provider', onchange: () => renderProviderConfig(section, appId, schemas, picker.value, changed) },
    providers.map(p => el('option', { value: p }, p)));
  picker.value = provider;
  const stored = await api('GET', 'apps/' + appId + '/trace-config?tracing_provider=' + encodeURIComponent(provider));
  const configured = !stored.has_not_configured;
  const values = configured ? stored.tracing_config : {};
  const edit = canEdit();
  const inputs = {};
  const answers = {};
  const formAnswer = el('span', { class: 'answer', id: 'config-answer' });
  const fields = schemas[provider].fields.map(f => {
    inputs[f.name] = el('input', {
      type: f.secret ? 'password' : 'text', name: f.name, id: 'config-' + f.name, disabled: !edit,
      value: values[f.name] !== undefined && values[f.name] !== null ? String(values[f.name]) : '',
      placeholder: f.default, autocomplete: 'off',
    });
    answers[f.name] = el('span', { class: 'answer', id: 'answer-' + f.name });
    return el('label', {}, el('span', { class: 'name' }, f.name + (f.required ? ' *' : '')), inputs[f.name],
      f.secret ? el('small', {}, ' secret: a masked value keeps the stored one, empty clears it') : null, answers[f.name]);
  });
  const projectUrl = configured && values.project_url
    ? el('p', {}, 'Project: ', el('a', { href: values.project_url, id: 'project-url', target: '_blank', rel: 'noopener noreferrer' }, values.project_url))
    : null;
  const form = el('form', { id: 'provider-config', onsubmit: async e => {
    e.preventDefault();
    Object.values(answers).forEach(a => fill(a));
    const config = {};
    for (const [name, input] of Object.entries(inputs)) config[name] = input.value;
    try {
      await api(configured ? 'PATCH' : 'POST', 'apps/' + appId + '/trace-config', { tracing_provider: provider, tracing_config: config });
      changed(provider, 'Saved: the ' + provider + ' backend accepted these settings.');
    } catch (err) {
      showAnswer(err, answers, formAnswer);
    }
  } },
  el('div', { class: 'row' }, el('label', {}, el('span', { class: 'name' }, 'provider'), picker),
    el('span', {}, configured ? 'configured' : 'not configured')),
  fields, projectUrl,
  el('div', { class: 'row' },
    el('button', { type: 'submit', id: 'save-config', disabled: !edit }, configured ? 'Save changes' : 'Save and check'),
    configured ? el('button', { type: 'button', id: 'delete-config', class: 'danger', disabled: !edit, onclick: async () => {
      if (await confirmAction('Delete the ' + provider + ' settings of this app? Tracing to ' + provider + ' stops.', 'Delete settings')) {
        try {
          await api('DELETE', 'apps/' + appId + '/trace-config?tracing_provider=' + encodeURIComponent(provider));
          changed(provider, 'Deleted the ' + provider + ' settings.');
        } catch (err) {
          showAnswer(err, answers, formAnswer);
        }
      }
    } }, 'Delete settings…') : null,
    formAnswer));
  fill(section, el('h2', {}, 'Provider settings'), form);
  return { setAnswer: text => { fill(formAnswer, text); formAnswer.className = 'answer ok'; } };
}

/** Field errors ("tracing_config.endpoint") next to their field; the check's answer next to the form's button. */
function showAnswer(err, answers, formAnswer) {
  let placed = false;
  for (const e of err.errors) {
    const field = String(e.path || '').replace(/^tracing_config\./, '');
    if (answers[field]) {
      fill(answers[field], e.message);
      answers[field].className = 'answer bad';
      placed = true;
    }
  }
  fill(formAnswer, placed ? 'Not saved: see the fields.' : err.message);
  formAnswer.className = 'answer bad';
}
