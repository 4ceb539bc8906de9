// The operator view: the relay's own state (GET /api/v1/operator/status), for the group operator.
import { api } from './api.js';
import { el, fill, when } from './dom.js';

const STATUS_TEXT = { ready: 'ready', not_ready: 'not ready', silent: 'silent (no report)' };

export async function renderOperator(section) {
  const s = await api('GET', 'operator/status');
  const table = (id, heads, rows) => el('table', { id }, el('thead', {}, el('tr', {}, heads.map(h => el('th', {}, h)))),
    el('tbody', {}, rows));
  fill(section,
    el('h2', {}, 'Relay status'),
    el('button', { type: 'button', id: 'operator-refresh', onclick: () => renderOperator(section) }, 'Refresh'),
    el('h3', {}, 'Nodes'),
    s.nodes.length === 0 ? el('p', { id: 'no-nodes' }, 'No node has reported yet.')
      : table('operator-nodes', ['Node', 'Readiness', 'Checked', 'Detail'], s.nodes.map(n =>
        el('tr', { class: 'node-' + n.status }, el('td', {}, n.node), el('td', { class: 'status' }, STATUS_TEXT[n.status] || n.status),
          el('td', {}, when(n.checked_at)), el('td', {}, n.detail)))),
    el('h3', {}, 'Backlog per tenant'),
    el('p', {}, 'Quota per tenant ', el('strong', { id: 'tenant-quota' }, String(s.backlog.tenant_quota)),
      ' waiting deliveries, per destination ', String(s.backlog.destination_quota), ', in all ', String(s.backlog.total_quota), '.'),
    s.backlog.tenants.length === 0 ? el('p', { id: 'no-backlog' }, 'Nothing waits.')
      : table('operator-tenants', ['Tenant', 'Waiting', 'Quota', 'Used'], s.backlog.tenants.map(t =>
        el('tr', { class: t.at_quota ? 'at-quota' : '' }, el('td', {}, t.tenant_id), el('td', {}, String(t.waiting)),
          el('td', {}, String(t.quota)), el('td', {}, Math.min(100, Math.round(100 * t.waiting / t.quota)) + ' %')))),
    el('h3', {}, 'Destinations'),
    s.destinations.length === 0 ? el('p', { id: 'no-destinations' }, 'No destination has work waiting or a held breaker.')
      : table('operator-destinations', ['Destination', 'Breaker', 'Failures in a row', 'Open until', 'Reason', 'Waiting'],
        s.destinations.map(d => el('tr', { class: 'breaker-' + d.breaker }, el('td', {}, d.destination), el('td', { class: 'breaker' }, d.breaker),
          el('td', {}, String(d.failures)), el('td', {}, when(d.open_until)), el('td', {}, d.reason || ''), el('td', {}, String(d.waiting))))),
    el('h3', {}, 'Dead letters'),
    el('p', {}, el('strong', { id: 'dead-letters' }, (s.dead_letters.at_least ? 'at least ' : '') + s.dead_letters.count),
      ' messages on TraceTasksDLQ (refused JMS messages, kept for trace.retention.rejected).'));
}
