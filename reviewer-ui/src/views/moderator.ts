import { ApiClient, ApiError, type ItemView, type LabelValue, type Project } from '../api';
import { alphaChart, barChart, type Chart } from '../charts';
import { applyReputation, MetricsSeries, type MetricsWindow, type Reputation } from '../dashboard';
import { h, itemFields, itemText, replace } from '../dom';
import { histogram } from '../histogram';
import { spanPicker } from '../span-picker';
import { openStream, type StreamState } from '../sse';
import { labelText } from './contributor';

/**
 * The moderator's live dashboard: leaderboard, score histogram, agreement over time per project and
 * labels per minute, loaded once from the read models and then kept current from the server-sent
 * event feed, without reloading.
 */
export function moderatorView(root: HTMLElement, client: ApiClient): () => void {
  const state = h('span', { id: 'live-state', class: 'badge', 'data-state': 'connecting' }, 'connecting');
  const lpm = h('strong', { id: 'labels-per-minute' }, '—');
  const histCanvas = h('canvas', { id: 'reputation-histogram', role: 'img', 'aria-label': 'Histogram of reputation scores' });
  const alphaCanvas = h('canvas', { id: 'alpha-chart', role: 'img', 'aria-label': "Krippendorff's alpha over time, per project" });
  const table = h('div', { id: 'leaderboard' });
  replace(
    root,
    h('h1', {}, 'Live dashboard ', state),
    h('div', { class: 'figures' }, h('div', { class: 'figure' }, h('span', { class: 'figure-label' }, 'Labels per minute (latest windows)'), lpm)),
    h('div', { class: 'two-col' },
      h('section', { class: 'card' }, h('h2', {}, 'Score distribution'), h('div', { class: 'chart' }, histCanvas)),
      h('section', { class: 'card' }, h('h2', {}, 'Agreement over time'), h('div', { class: 'chart' }, alphaCanvas)),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Leaderboard'), table),
    banPanel(client),
  );

  let rows: Reputation[] = [];
  let hist: Chart | null = null;
  let alpha: Chart | null = null;
  const series = new MetricsSeries();
  const names = new Map<string, string>();
  let left = false;

  const drawReputation = () => {
    if (left) return;
    const bins = histogram(rows.map((r) => r.score));
    hist = barChart(histCanvas, bins.labels, bins.counts, 'Contributors', hist);
    replace(table, leaderboard(rows));
  };
  const drawMetrics = () => {
    if (left) return;
    alpha = alphaChart(alphaCanvas, series.projects().map((p) => ({ name: names.get(p) ?? `Project ${p}`, windows: series.windows(p) })), alpha);
    lpm.textContent = series.labelsPerMinute().toFixed(1);
  };

  // Redraws are batched to one per animation frame: a burst of events costs one redraw.
  let frame = 0;
  let dirty = { rep: false, metrics: false };
  const schedule = (what: 'rep' | 'metrics') => {
    dirty[what] = true;
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      if (dirty.rep) drawReputation();
      if (dirty.metrics) drawMetrics();
      dirty = { rep: false, metrics: false };
    });
  };

  const stream = openStream(
    client.streamUrl(),
    client.authHeaders(),
    (e) => {
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(e.data) as Record<string, unknown>;
      } catch {
        return;
      }
      if (e.event === 'reputation-updated') {
        rows = applyReputation(rows, data as unknown as Reputation);
        schedule('rep');
      } else if (e.event === 'project-metrics') {
        series.add(String(data.projectId), data as unknown as MetricsWindow);
        schedule('metrics');
      }
    },
    (s: StreamState) => {
      state.dataset.state = s;
      state.textContent = s;
    },
  );

  void (async () => {
    try {
      const body = (await client.reputation(500)) as unknown as { contributors: Reputation[] };
      // Updates that arrived while the board loaded win over the older snapshot.
      let loaded = body.contributors ?? [];
      for (const r of rows) loaded = applyReputation(loaded, r);
      rows = loaded;
      drawReputation();
    } catch (e) {
      replace(table, h('p', { class: 'error', role: 'alert' }, `Could not load reputation: ${String(e)}`));
    }
    try {
      const projects = (await client.projects()).slice(0, 12);
      await Promise.all(
        projects.map(async (p) => {
          names.set(String(p.id), p.name);
          for (const w of (await client.metrics(p.id, 120)).windows) series.add(String(p.id), w);
        }),
      );
      drawMetrics();
    } catch {
      // The chart fills from the live feed.
    }
  })();

  return () => {
    left = true;
    stream.close();
    if (frame) cancelAnimationFrame(frame);
    hist?.destroy();
    alpha?.destroy();
  };
}

function leaderboard(rows: Reputation[]): HTMLElement {
  if (!rows.length) return h('p', { class: 'hint' }, 'No scores yet.');
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Contributor'), h('th', {}, 'Score'), h('th', {}, 'Lower bound'), h('th', {}, 'Gold'), h('th', {}, 'Agreement'))),
      h(
        'tbody',
        {},
        ...rows.map((r, i) =>
          h(
            'tr',
            { 'data-contributor': r.contributorId },
            h('td', {}, i + 1),
            h('td', {}, r.contributorId),
            h('td', { class: 'score' }, pct(r.score)),
            h('td', {}, pct(r.lowerBound)),
            h('td', {}, `${r.goldCorrect}/${r.goldAnswered}`),
            h('td', {}, `${r.consensusAgreed}/${r.consensusAnswered}`),
          ),
        ),
      ),
    ),
  );
}

/** Ban or unban a contributor by account id, with the reason the audit trail keeps. */
function banPanel(client: ApiClient): HTMLElement {
  const id = h('input', { id: 'ban-id', name: 'ban-id', inputmode: 'numeric', required: true });
  const reason = h('input', { id: 'ban-reason', name: 'ban-reason', required: true, maxlength: 2000 });
  const ban = h('button', { type: 'submit', id: 'ban', class: 'danger' }, 'Ban');
  const unban = h('button', { type: 'button', id: 'unban' }, 'Unban');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'ban-status' });
  const form = h(
    'form',
    { class: 'card form-grid', id: 'ban-form' },
    h('h2', { class: 'span-all' }, 'Ban or unban a contributor'),
    h('div', { class: 'field' }, h('label', { for: 'ban-id' }, 'Contributor id'), id),
    h('div', { class: 'field' }, h('label', { for: 'ban-reason' }, 'Reason (kept in the audit trail)'), reason),
    h('div', { class: 'actions span-all' }, ban, unban),
    h('div', { class: 'span-all' }, status),
  );
  const act = async (banning: boolean) => {
    const who = id.value.trim();
    if (!/^\d+$/.test(who)) {
      status.textContent = 'Give the contributor’s account id.';
      id.focus();
      return;
    }
    if (banning && !reason.value.trim()) {
      status.textContent = 'A ban needs a reason.';
      reason.focus();
      return;
    }
    try {
      if (banning) await client.ban(who, reason.value.trim());
      else await client.unban(who, reason.value.trim() || 'lifted');
      const a = await client.account(who);
      status.dataset.banned = String(a.banned);
      status.textContent = `${a.name} (${who}) is ${a.banned ? 'banned' : 'not banned'}.`;
    } catch (e) {
      status.textContent = `Refused: ${e instanceof ApiError ? e.message : String(e)}`;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(true);
  });
  unban.addEventListener('click', () => void act(false));
  return form;
}

/**
 * The review queue: exhausted and low-confidence items of a project with every label given, and
 * an override of the consensus with a reason.
 */
export function reviewView(root: HTMLElement, client: ApiClient): () => void {
  const select = h('select', { id: 'rv-project', name: 'project' });
  const below = h('input', { id: 'rv-below', type: 'number', min: 0, max: 1, step: 0.05, value: 0.8 });
  const load = h('button', { type: 'button', id: 'rv-load' }, 'Show queue');
  const list = h('div', { id: 'rv-items', 'aria-live': 'polite' });
  replace(
    root,
    h('h1', {}, 'Review queue'),
    h('div', { class: 'picker' }, h('label', { for: 'rv-project' }, 'Project'), select, h('label', { for: 'rv-below' }, 'Confidence below'), below, load),
    list,
  );
  let projects: Project[] = [];
  const show = async () => {
    const p = projects.find((x) => String(x.id) === select.value);
    if (!p) return replace(list);
    try {
      const { items } = await client.reviewQueue(p.id, Number(below.value) || 0.8);
      replace(list, items.length ? h('ol', { class: 'queue' }, ...items.map((i) => reviewCard(client, p, i, () => void show()))) : h('p', { class: 'hint', id: 'rv-empty' }, 'Nothing to review.'));
    } catch (e) {
      replace(list, h('p', { class: 'error', role: 'alert' }, `Could not load the queue: ${e instanceof ApiError ? e.message : String(e)}`));
    }
  };
  select.addEventListener('change', () => void show());
  load.addEventListener('click', () => void show());
  void (async () => {
    projects = await client.projects();
    replace(select, h('option', { value: '' }, 'Choose a project…'), ...projects.map((p) => h('option', { value: String(p.id) }, p.name)));
  })();
  return () => {};
}

function reviewCard(client: ApiClient, project: Project, item: ItemView, changed: () => void): HTMLElement {
  // The text column is what span offsets count in; older APIs sent only the data.
  const shownText = item.text ?? itemText(item.data ?? '');
  const fields = itemFields(item.data);
  const classes = project.labelSchema.classes;
  const kind = project.labelSchema.kind;
  const id = `ov-${item.itemId}`;
  let picker: HTMLElement;
  let value: () => LabelValue;
  if (kind === 'single_choice') {
    const s = h('select', { id: `${id}-label`, class: 'ov-label' }, ...classes.map((c) => h('option', { value: c, selected: c === item.consensusLabel }, c)));
    picker = h('div', { class: 'field' }, h('label', { for: `${id}-label` }, 'Correct label'), s);
    value = () => ({ choice: s.value });
  } else if (kind === 'multi_label') {
    const boxes = classes.map((c) => h('input', { type: 'checkbox', value: c }));
    picker = h('fieldset', { class: 'inline' }, h('legend', {}, 'Correct labels'), ...boxes.map((b, i) => h('label', {}, b, ' ', classes[i])));
    value = () => ({ choices: boxes.filter((b) => b.checked).map((b) => b.value) });
  } else {
    const initial = item.overrideLabel && 'spans' in item.overrideLabel ? item.overrideLabel.spans : [];
    const spans = spanPicker(shownText, classes, id, initial);
    picker = h('fieldset', {}, h('legend', {}, 'Correct spans: select text, then press its class'), spans.element);
    value = () => ({ spans: spans.value() });
  }
  const reason = h('input', { id: `${id}-reason`, class: 'ov-reason', required: true, maxlength: 2000 });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'override' },
    picker,
    h('div', { class: 'field' }, h('label', { for: `${id}-reason` }, 'Reason'), reason),
    h('button', { type: 'submit', class: 'primary ov-submit' }, 'Override consensus'),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = value();
    if ('spans' in v && !v.spans.length) return void (status.textContent = 'Tag at least one span first.');
    if (!reason.value.trim()) {
      status.textContent = 'An override needs a reason.';
      reason.focus();
      return;
    }
    try {
      const after = await client.override(project.id, item.itemId, v, reason.value.trim());
      status.textContent = `Now ${after.status}: ${after.consensusLabel ?? ''}`;
      changed();
    } catch (err) {
      status.textContent = `Refused: ${err instanceof ApiError ? err.message : String(err)}`;
    }
  });
  const labels = item.labels ?? [];
  return h(
    'li',
    { class: 'card review-item', 'data-item': item.itemId, 'data-external-id': item.externalId },
    h('h2', {}, `Item ${item.externalId}`),
    h(
      'p',
      {},
      `Status ${item.status} · consensus ${item.consensusLabel ?? '—'}`,
      item.confidence == null ? '' : ` · confidence ${item.confidence.toFixed(2)}`,
      ` · ${labels.length} labels`,
    ),
    // Span items show their text inside the picker, where it can be selected.
    kind === 'spans' ? null : h('div', { class: 'item-text rv-text', id: `${id}-text` }, shownText),
    fields.length ? h('dl', { class: 'fields' }, ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
    item.gold && item.goldLabel ? h('p', { class: 'gold' }, 'Gold answer: ', labelText(item.goldLabel)) : null,
    labels.length
      ? h('table', { class: 'labels' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Contributor'), h('th', {}, 'Label'))),
          h('tbody', {}, ...labels.map((l) => h('tr', {}, h('td', {}, l.contributorId), h('td', {}, labelText(l.value))))))
      : null,
    form,
  );
}
