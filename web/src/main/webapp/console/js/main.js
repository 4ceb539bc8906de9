// The console's shell: sign-in (the organisation's OpenID Connect provider, or a pasted bearer
// token), then apps on the left and one app on the right; the operator view for operators.
import { renderActivity } from './activity.js';
import { api, providerSchemas, unauthorized } from './api.js';
import { renderAppDetail } from './app-detail.js';
import { renderApps } from './apps.js';
import { deliveriesView } from './deliveries.js';
import { el, fill, notice } from './dom.js';
import { renderProviderConfig } from './provider-form.js';
import { finishSignIn, provider, startSignIn } from './oidc.js';
import { renderOperator } from './operator.js';
import { renderRedaction } from './redaction.js';
import { canEdit, claimNames, isOperator, seesApps, signIn, signOut, tenant, token } from './session.js';
import { rotateTenantKey } from './tenant-key.js';

const main = document.getElementById('main');
let schemas = null;
let signInProvider = null;

function showSignIn(message) {
  signOut();
  document.getElementById('sign-out').hidden = true;
  document.getElementById('rotate-key').hidden = true;
  fill(document.getElementById('who'));
  main.className = 'single';
  const input = el('textarea', { id: 'token', placeholder: 'eyJhbGciOi…', autocomplete: 'off', spellcheck: 'false' });
  fill(main, el('section', {},
    el('h2', {}, 'Sign in'),
    signInProvider ? el('p', {}, el('button', { type: 'button', id: 'oidc-sign-in', onclick: () => startSignIn(signInProvider) },
      'Sign in with ' + new URL(signInProvider.issuer).host)) : null,
    el('p', {}, (signInProvider ? 'Or paste' : 'Paste') + ' a bearer token (JWT) of your tenant. For development: ',
      el('code', {}, 'bin/dev-token acme editor,viewer'), '.'),
    el('form', { id: 'sign-in-form', onsubmit: e => {
      e.preventDefault();
      signIn(input.value);
      start();
    } }, input, el('button', { type: 'submit', id: 'sign-in' }, 'Sign in')),
    message ? el('p', { class: 'error-text', id: 'sign-in-error' }, message) : null));
}

/** Once per page load: the provider, and a return from its sign-in page. */
async function boot() {
  const config = await fetch('/api/v1/console/sign-in', { credentials: 'omit', cache: 'no-store' })
    .then(r => r.json()).catch(() => ({}));
  claimNames(config.tenant_claim, config.groups_claim);
  signInProvider = await provider(config);
  const returned = await finishSignIn(signInProvider).catch(err => 'Sign-in failed: ' + err.message);
  if (returned) {
    showSignIn(returned);
    return;
  }
  start();
}

async function start() {
  if (!token()) {
    showSignIn();
    return;
  }
  if (isOperator() && !seesApps()) {
    showOperator();
    return;
  }
  try {
    await api('GET', 'apps');
    schemas = schemas || await providerSchemas();
  } catch (err) {
    showSignIn('Not signed in: ' + err.message);
    return;
  }
  fill(document.getElementById('who'), 'tenant ', el('strong', { id: 'tenant' }, String(tenant() || '?')), ' · ',
    canEdit() ? 'editor' : el('span', { class: 'readonly', id: 'read-only' }, 'viewer: read-only'));
  document.getElementById('sign-out').hidden = false;
  document.getElementById('rotate-key').hidden = !canEdit();
  main.className = '';
  showApp(null);
}

/** The relay's own state, for a token of the group operator. */
async function showOperator() {
  const section = el('section', { id: 'operator-section' });
  try {
    await renderOperator(section);
  } catch (err) {
    showSignIn('Not signed in: ' + err.message);
    return;
  }
  fill(document.getElementById('who'), el('strong', { id: 'operator' }, 'operator'));
  document.getElementById('sign-out').hidden = false;
  document.getElementById('rotate-key').hidden = true;
  main.className = 'single';
  fill(main, section);
}

/** Lays out the page for one app (or none) and renders each part. */
async function showApp(appId, message) {
  const list = el('section', { id: 'apps-section' });
  const right = el('div', { id: 'app-section' });
  fill(main, list, right);
  const refreshList = () => renderApps(list, appId, showApp).catch(err => notice(err.message));
  await refreshList();
  if (!appId) {
    fill(right, el('section', {}, el('p', {}, 'Choose an app, or register one.')));
    return;
  }
  if (message) notice(message);
  const detail = el('section', { id: 'app-detail' });
  const config = el('section', { id: 'config-section' });
  const activity = el('section', { id: 'activity-section' });
  const deliveries = el('section', { id: 'deliveries-section' });
  const redaction = el('section', { id: 'redaction-section' });
  fill(right, detail, config, redaction, activity, deliveries);
  const refreshActivity = () => renderActivity(activity, appId).catch(err => fill(activity, el('p', { class: 'error-text' }, err.message)));
  try {
    await renderAppDetail(detail, appId, Object.keys(schemas).sort(), refreshList, () => showApp(null));
  } catch (err) {
    fill(detail, el('p', { class: 'error-text' }, err.message));
    return;
  }
  // After a save: the app's part first (configured or not), then the form with the check's answer.
  const onConfig = async (provider, text) => {
    await renderAppDetail(detail, appId, Object.keys(schemas).sort(), refreshList, () => showApp(null));
    const form = await renderProviderConfig(config, appId, schemas, provider, onConfig);
    if (text) form.setAnswer(text);
  };
  const current = await api('GET', 'apps/' + appId + '/trace');
  await renderProviderConfig(config, appId, schemas, current.tracing_provider, onConfig);
  await renderRedaction(redaction, appId, current.tracing_provider).catch(err => fill(redaction, el('p', { class: 'error-text' }, err.message)));
  await refreshActivity();
  await deliveriesView(deliveries, appId, refreshActivity).render();
}

document.getElementById('sign-out').addEventListener('click', () => {
  notice('Signed out.');
  showSignIn();
});
document.getElementById('rotate-key').addEventListener('click', rotateTenantKey);
unauthorized.addEventListener('401', () => showSignIn('The token was refused (expired or not valid): sign in again.'));
boot();
