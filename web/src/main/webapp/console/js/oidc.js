// Sign-in through the organisation's OpenID Connect provider: authorization code with PKCE (S256),
// a public client, the provider named by GET /api/v1/console/sign-in. The verifier and state live
// in sessionStorage for the one round trip; the access token then goes where a pasted one goes.
import { signIn } from './session.js';

const PENDING = 'trace-relay-oidc-pending';

/** The provider of the relay's sign-in settings ({issuer, client_id, scope}) with its endpoints, or null. */
export async function provider(config) {
  if (!config || !config.issuer) return null;
  try {
    const discovery = await fetch(config.issuer + '/.well-known/openid-configuration', { credentials: 'omit' });
    if (!discovery.ok) return null;
    const meta = await discovery.json();
    return { ...config, authorization: meta.authorization_endpoint, token: meta.token_endpoint };
  } catch {
    return null;
  }
}

function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The page the provider sends the browser back to: the console itself, without query or fragment. */
function redirectUri() {
  return location.origin + location.pathname;
}

/** Leaves for the provider's sign-in page. */
export async function startSignIn(p) {
  const verifier = randomText(32);
  const state = randomText(16);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(p.authorization);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: p.client_id, redirect_uri: redirectUri(), scope: p.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * On the way back from the provider: trades the code for the access token and signs in with it.
 * Returns null when this page load is no such return, else an error text or '' when signed in.
 */
export async function finishSignIn(p) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, '', redirectUri());
  if (params.has('error')) return 'The provider refused the sign-in: ' + params.get('error');
  if (!p || !pending || params.get('state') !== pending.state) return 'The sign-in answer does not match this tab: sign in again.';
  const reply = await fetch(p.token, {
    method: 'POST', credentials: 'omit', cache: 'no-store',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: p.client_id, code_verifier: pending.verifier,
    }).toString(),
  });
  const answer = await reply.json().catch(() => ({}));
  if (!reply.ok || !answer.access_token) return 'The provider gave no token: ' + (answer.error || 'HTTP ' + reply.status);
  signIn(answer.access_token);
  return '';
}
