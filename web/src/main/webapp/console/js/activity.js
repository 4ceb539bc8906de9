// An app's backlog per destination and a chart of delivered, retried and dead per minute (last hour).
// The chart is uPlot, copied from its WebJar into the WAR at build time (never a CDN).
const UPLOT = '../vendor/uplot/dist/uPlot.esm.js';
import { api } from './api.js';
import { el, fill, when } from './dom.js';

export async function renderActivity(section, appId) {
  const a = await api('GET', 'apps/' + appId + '/deliveries/activity');
  const chart = el('div', { class: 'chart', id: 'activity-chart' });
  fill(section,
    el('h2', {}, 'Backlog and the last hour'),
    a.backlog.length === 0 ? el('p', { id: 'backlog-empty' }, 'Nothing waiting.') : el('table', { id: 'backlog' },
      el('thead', {}, el('tr', {}, ['destination', 'provider', 'waiting', 'of them retrying', 'oldest waiting since'].map(h => el('th', {}, h)))),
      el('tbody', {}, a.backlog.map(b => el('tr', {},
        el('td', {}, el('code', {}, b.destination)), el('td', {}, b.provider), el('td', {}, String(b.waiting)),
        el('td', {}, String(b.retrying)), el('td', {}, when(b.oldest_created_at)))))),
    el('h3', {}, 'Delivered, retried and dead per minute'),
    chart);
  const xs = a.per_minute.map(m => Date.parse(m.minute) / 1000);
  const data = [xs, a.per_minute.map(m => m.delivered), a.per_minute.map(m => m.retried), a.per_minute.map(m => m.dead)];
  let uPlot;
  try {
    uPlot = (await import(UPLOT)).default;
  } catch (err) {
    fill(chart, el('p', { class: 'error-text' }, 'The chart library did not load: ' + err.message));
    return;
  }
  const bars = () => (uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 12] }) : undefined);
  // eslint-disable-next-line no-new
  new uPlot({
    width: Math.max(320, Math.min(900, section.clientWidth - 40)), height: 160,
    series: [{}, { label: 'delivered', stroke: '#1b7f3b', fill: 'rgba(27,127,59,.5)', paths: bars(), points: { show: false } },
      { label: 'retried', stroke: '#b26a00', fill: 'rgba(178,106,0,.5)', paths: bars(), points: { show: false } },
      { label: 'dead', stroke: '#b3261e', fill: 'rgba(179,38,30,.5)', paths: bars(), points: { show: false } }],
    axes: [{}, { size: 40 }],
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
  }, data, chart);
}
