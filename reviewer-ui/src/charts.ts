import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { MetricsWindow } from './dashboard';

// Only the parts of Chart.js the screens use, registered once, so the bundle stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export { Chart };

const PALETTE = ['#0b5cad', '#b3261e', '#1a7f37', '#8250df', '#bc4c00', '#0a7d8c'];

/** A bar chart of counts; redraws in place when called again with the chart it returned. */
export function barChart(canvas: HTMLCanvasElement, labels: string[], counts: number[], label: string, chart?: Chart | null): Chart {
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = counts;
    chart.update('none');
    return chart;
  }
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label, data: counts, backgroundColor: PALETTE[0] }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

/** Krippendorff's alpha over time, one line per project, on a shared time axis. */
export function alphaChart(
  canvas: HTMLCanvasElement,
  series: Array<{ name: string; windows: MetricsWindow[] }>,
  chart?: Chart | null,
): Chart {
  const ends = [...new Set(series.flatMap((s) => s.windows.map((w) => w.windowEnd)))].sort((a, b) => a - b);
  const labels = ends.map((t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  const datasets: ChartDataset<'line', (number | null)[]>[] = series.map((s, i) => {
    const at = new Map(s.windows.map((w) => [w.windowEnd, w.krippendorffAlpha]));
    return {
      label: s.name,
      data: ends.map((t) => at.get(t) ?? null),
      borderColor: PALETTE[i % PALETTE.length],
      backgroundColor: PALETTE[i % PALETTE.length],
      spanGaps: true,
      tension: 0.2,
    };
  });
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update('none');
    return chart;
  }
  return new Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { suggestedMin: 0, suggestedMax: 1, title: { display: true, text: "Krippendorff's α" } } },
    },
  });
}
