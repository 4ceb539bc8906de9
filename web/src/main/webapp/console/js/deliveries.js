// An app's deliveries: status filter, paging, redrive of dead ones (one, or all).
import { api } from './api.js';
import { confirmAction } from './confirm.js';
import { el, fill, notice, when } from './dom.js';
import { canEdit } from './session.js';

const PAGE = 20;
const STATUSES = ['', 'pending', 'delivered', 'dead'];

export function deliveriesView(section, appId, onChange) {
  const state = { status: '', offset: 0 };

  async function redrive(body, what) {
    let message;
    try {
      let r = await api('POST', 'apps/' + appId + '/deliveries/redrive', body);
      let total = r.redriven;
      // "all": the API takes at most 1000 per call and says how many are left.
      for (let i = 0; body.delivery_ids === undefined && r.remaining > 0 && r.redriven > 0 && i < 100; i++) {
        r = await api('POST', 'apps/' + appId + '/deliveries/redrive', {});
        total += r.redriven;
      }
      message = 'Redrove ' + total + ' ' + what + '; ' + r.remaining + ' dead left.';
    } catch (err) {
      message = err.message;
    }
    await render();
    notice(message);
    onChange();
  }

  function row(d) {
    return el('tr', { dataset: { deliveryId: d.id, status: d.status } },
      el('td', {}, when(d.created_at)),
      el('td', {}, el('code', {}, d.task_id)),
      el('td', {}, d.provider),
      el('td', { class: 'status-' + d.status }, d.status),
      el('td', {}, String(d.attempts)),
      el('td', {}, d.last_code || '–'),
      el('td', { class: 'error' }, d.last_error || '–'),
      el('td', {}, when(d.next_attempt_at)),
      el('td', {}, d.status === 'dead' && canEdit()
        ? el('button', { type: 'button', class: 'redrive-one', onclick: () => redrive({ delivery_ids: [d.id] }, 'delivery') }, 'Redrive')
        : null));
  }

  async function render() {
    const query = '?limit=' + PAGE + '&offset=' + state.offset + (state.status ? '&status=' + state.status : '');
    let list;
    try {
      list = (await api('GET', 'apps/' + appId + '/deliveries' + query)).deliveries;
    } catch (err) {
      fill(section, el('h2', {}, 'Deliveries'), el('p', { class: 'error-text' }, err.message));
      return;
    }
    fill(section,
      el('h2', {}, 'Deliveries'),
      el('div', { class: 'row filters' },
        STATUSES.map(s => el('button', { type: 'button', class: 'filter', dataset: { status: s || 'all' }, 'aria-pressed': String(state.status === s),
          onclick: () => { state.status = s; state.offset = 0; render(); } }, s || 'all')),
        el('button', { type: 'button', id: 'refresh-deliveries', onclick: () => { render(); onChange(); } }, 'Refresh'),
        canEdit() ? el('button', { type: 'button', id: 'redrive-all', class: 'danger', onclick: async () => {
          if (await confirmAction('Put every dead delivery of this app back in line, with a fresh retry budget?', 'Redrive all dead')) {
            await redrive({}, 'dead deliveries');
          }
        } }, 'Redrive all dead…') : null),
      list.length === 0 ? el('p', { id: 'no-deliveries' }, 'No deliveries' + (state.status ? ' ' + state.status : '') + '.')
        : el('table', { id: 'deliveries' },
          el('thead', {}, el('tr', {}, ['created', 'task', 'provider', 'status', 'attempts', 'last code', 'last error', 'next attempt', '']
            .map(h => el('th', {}, h)))),
          el('tbody', {}, list.map(row))),
      el('div', { class: 'row' },
        el('button', { type: 'button', id: 'page-prev', disabled: state.offset === 0,
          onclick: () => { state.offset = Math.max(0, state.offset - PAGE); render(); } }, '← newer'),
        el('span', { id: 'page-info' }, list.length ? 'rows ' + (state.offset + 1) + '–' + (state.offset + list.length) : ''),
        el('button', { type: 'button', id: 'page-next', disabled: list.length < PAGE,
          onclick: () => { state.offset += PAGE; render(); } }, 'older →')));
  }

  return { render };
}
