import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { ApiClient } from '../api';
import { h, replace } from '../dom';
import { histogram } from '../histogram';

// Only the parts of Chart.js the histogram uses, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface Reputation {
  contributorId: string;
  score: number;
  lowerBound: number;
  goldAnswered: number;
  goldCorrect: number;
  consensusAnswered: number;
  consensusAgreed: number;
}

/** The moderator's overview: the reputation leaderboard and how scores are spread. */
export function moderatorView(root: HTMLElement, client: ApiClient): () => void {
  const canvas = h('canvas', { id: 'reputation-histogram', role: 'img', 'aria-label': 'Histogram of reputation scores' });
  const table = h('div', { id: 'leaderboard' });
  const refresh = h('button', { type: 'button', id: 'refresh' }, 'Refresh');
  replace(
    root,
    h('h1', {}, 'Reputation'),
    h('div', { class: 'actions' }, refresh),
    h('section', { class: 'card chart' }, h('h2', {}, 'Score distribution'), canvas),
    h('section', { class: 'card' }, h('h2', {}, 'Leaderboard'), table),
  );
  let chart: Chart | null = null;

  const load = async () => {
    try {
      const body = (await client.reputation(500)) as { contributors: Reputation[] };
      const rows = body.contributors ?? [];
      const bins = histogram(rows.map((r) => r.score));
      chart?.destroy();
      chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: bins.labels, datasets: [{ label: 'Contributors', data: bins.counts, backgroundColor: '#0b5cad' }] },
        options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
      replace(table, leaderboard(rows));
    } catch (e) {
      replace(table, h('p', { class: 'error', role: 'alert' }, `Could not load reputation: ${String(e)}`));
    }
  };
  refresh.addEventListener('click', () => void load());
  void load();
  return () => chart?.destroy();
}

function leaderboard(rows: Reputation[]): HTMLElement {
  if (!rows.length) return h('p', { class: 'hint' }, 'No scores yet.');
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, '#'), h('th', {}, 'Contributor'), h('th', {}, 'Score'), h('th', {}, 'Lower bound'), h('th', {}, 'Gold'), h('th', {}, 'Agreement')),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r, i) =>
        h(
          'tr',
          {},
          h('td', {}, i + 1),
          h('td', {}, r.contributorId),
          h('td', {}, pct(r.score)),
          h('td', {}, pct(r.lowerBound)),
          h('td', {}, `${r.goldCorrect}/${r.goldAnswered}`),
          h('td', {}, `${r.consensusAgreed}/${r.consensusAnswered}`),
        ),
      ),
    ),
  );
}
