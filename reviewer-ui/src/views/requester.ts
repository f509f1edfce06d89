import { ApiClient, ApiError, newKey, type Project, type SearchResult } from '../api';
import { alphaChart, type Chart } from '../charts';
import { groupDigits, progressFigures, searchQuery, type Progress } from '../dashboard';
import { h, replace } from '../dom';
import { formatOf, projectRequest, type ProjectFormValues, type SchemaKind } from '../project-form';
import { openStream } from '../sse';

/**
 * The requester's screen: their projects, a form for a new one, and for the chosen project the
 * upload, live progress, search and export. The API decides who may do what; this screen only
 * shows requesters what is theirs.
 */
export function requesterView(root: HTMLElement, client: ApiClient): () => void {
  const select = h('select', { id: 'rq-project', name: 'project' });
  const newButton = h('button', { type: 'button', id: 'new-project' }, 'New project');
  const body = h('div', { id: 'rq-body' });
  replace(
    root,
    h('h1', {}, 'Projects'),
    h('div', { class: 'picker' }, h('label', { for: 'rq-project' }, 'Project'), select, newButton),
    body,
  );
  let leaveProject: () => void = () => {};

  const list = async (chosen?: string) => {
    const projects = await client.projects();
    replace(
      select,
      h('option', { value: '' }, projects.length ? 'Choose a project…' : 'No projects yet'),
      ...projects.map((p) => h('option', { value: String(p.id), selected: String(p.id) === chosen }, p.name)),
    );
  };
  const show = (id: string) => {
    leaveProject();
    leaveProject = () => {};
    replace(body);
    if (id) leaveProject = projectPanel(body, client, id);
  };
  select.addEventListener('change', () => show(select.value));
  newButton.addEventListener('click', () => {
    leaveProject();
    leaveProject = () => {};
    select.value = '';
    createForm(body, client, async (p) => {
      await list(String(p.id));
      show(String(p.id));
    });
  });
  void list().catch((e) => replace(body, h('p', { class: 'error', role: 'alert' }, `Could not list projects: ${String(e)}`)));
  return () => leaveProject();
}

function field(id: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('span', { class: 'hint' }, hint) : null,
    h('span', { class: 'error field-error', id: `${id}-error`, 'aria-live': 'polite' }),
  );
}

/** The new-project form with its label-schema editor. */
function createForm(root: HTMLElement, client: ApiClient, created: (p: Project) => Promise<void>): void {
  const input = (id: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { id, name: id, 'aria-describedby': `${id}-error`, ...attrs });
  const name = input('pf-name', { required: true, maxlength: 200 });
  const instructions = h('textarea', { id: 'pf-instructions', name: 'pf-instructions', rows: 2 });
  const kinds: Array<[SchemaKind, string]> = [
    ['single_choice', 'Single choice'],
    ['multi_label', 'Multi-label'],
    ['spans', 'Text spans'],
  ];
  const kind = h('select', { id: 'pf-kind', name: 'pf-kind' }, ...kinds.map(([v, t]) => h('option', { value: v }, t)));
  const classes = h('textarea', { id: 'pf-classes', name: 'pf-classes', rows: 4, 'aria-describedby': 'pf-classes-error' });
  const chips = h('ul', { class: 'chips', id: 'pf-chips', 'aria-label': 'Classes as parsed' });
  const min = input('pf-min', { type: 'number', min: 1, max: 100, value: 3, inputmode: 'numeric' });
  const max = input('pf-max', { type: 'number', min: 1, max: 100, value: 3, inputmode: 'numeric' });
  const confidence = input('pf-confidence', { type: 'number', min: 0.5, max: 1, step: 0.01, value: 0.95 });
  const gold = input('pf-gold', { type: 'number', min: 0, max: 100, step: 1, value: 0 });
  const reward = input('pf-reward', { inputmode: 'numeric', value: '1000000', pattern: '[0-9]*' });
  const error = h('p', { class: 'error', role: 'alert', id: 'pf-error' });
  const form = h(
    'form',
    { class: 'card form-grid', id: 'project-form', novalidate: true },
    h('h2', { class: 'span-all' }, 'New project'),
    field('pf-name', 'Name', name),
    field('pf-kind', 'Label schema', kind),
    h('div', { class: 'span-all' }, field('pf-instructions', 'Instructions for contributors', instructions)),
    h(
      'div',
      { class: 'span-all' },
      field('pf-classes', 'Classes', classes, 'One per line (or separated by commas); number keys pick the first nine.'),
      chips,
    ),
    h(
      'fieldset',
      { class: 'span-all inline' },
      h('legend', {}, 'Overlap: labels per item'),
      field('pf-min', 'At least', min),
      field('pf-max', 'At most', max),
      field('pf-confidence', 'Stop early at confidence', confidence),
    ),
    field('pf-gold', 'Gold share (%)', gold, 'Share of assignments that are known-answer items.'),
    field('pf-reward', 'Reward per accepted label', reward, 'In the token’s base units (6 decimals: 1000000 is one token); 0 pays nothing.'),
    h('div', { class: 'actions span-all' }, h('button', { type: 'submit', class: 'primary', id: 'pf-create' }, 'Create project')),
    error,
  );
  const showChips = () =>
    replace(
      chips,
      ...classes.value
        .split(/[\n,]/)
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c, i) => h('li', {}, i < 9 ? h('kbd', {}, i + 1) : null, ' ', c)),
    );
  classes.addEventListener('input', showChips);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values: ProjectFormValues = {
      name: name.value,
      instructions: instructions.value,
      kind: kind.value as SchemaKind,
      classes: classes.value,
      minLabels: min.value,
      maxLabels: max.value,
      confidence: confidence.value,
      goldPercent: gold.value,
      reward: reward.value,
    };
    const ids: Record<keyof ProjectFormValues, string> = {
      name: 'pf-name', instructions: 'pf-instructions', kind: 'pf-kind', classes: 'pf-classes', minLabels: 'pf-min',
      maxLabels: 'pf-max', confidence: 'pf-confidence', goldPercent: 'pf-gold', reward: 'pf-reward',
    };
    form.querySelectorAll('.field-error').forEach((el) => (el.textContent = ''));
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    error.textContent = '';
    const r = projectRequest(values);
    if (!r.ok) {
      let first: HTMLElement | null = null;
      for (const [k, msg] of Object.entries(r.errors)) {
        const id = ids[k as keyof ProjectFormValues];
        const el = form.querySelector<HTMLElement>(`#${id}`);
        el?.setAttribute('aria-invalid', 'true');
        form.querySelector(`#${id}-error`)!.textContent = msg ?? '';
        first ??= el;
      }
      first?.focus();
      return;
    }
    try {
      await created(await client.createProject(r.request as unknown as Record<string, unknown>));
    } catch (err) {
      error.textContent = `Could not create the project: ${err instanceof ApiError ? err.message : String(err)}`;
    }
  });
  replace(root, form);
  name.focus();
}

/** One project: upload, progress, search and export. Returns a function that leaves it. */
function projectPanel(root: HTMLElement, client: ApiClient, projectId: string): () => void {
  const progressBox = h('section', { class: 'card', id: 'rq-progress', 'aria-label': 'Progress' }, h('h2', {}, 'Progress'));
  const figures = h('div', { id: 'rq-figures', class: 'figures' });
  const canvas = h('canvas', { id: 'rq-alpha', role: 'img', 'aria-label': "Agreement (Krippendorff's alpha) over time" });
  progressBox.append(figures, h('div', { class: 'chart' }, canvas));
  let chart: Chart | null = null;
  let left = false;

  const refresh = async () => {
    try {
      const [p, m] = await Promise.all([
        client.progress(projectId) as Promise<unknown> as Promise<Progress>,
        client.metrics(projectId),
      ]);
      if (left) return;
      const f = progressFigures(p);
      replace(
        figures,
        figure('rq-resolved', 'Items finished', `${f.done} / ${f.total}`, f.donePct),
        figure('rq-labels', 'Labels used / planned', `${p.labels.submitted} / ${p.labels.planned}`, f.usedPct),
        figure('rq-alpha-now', 'Agreement (α, latest)', p.latestMetrics?.krippendorffAlpha == null ? '—' : p.latestMetrics.krippendorffAlpha.toFixed(2)),
        figure('rq-cost', 'Cost so far', groupDigits(p.cost.soFar)),
      );
      chart = alphaChart(canvas, [{ name: `Project ${projectId}`, windows: m.windows }], chart);
    } catch (e) {
      replace(figures, h('p', { class: 'error', role: 'alert' }, `Could not load progress: ${String(e)}`));
    }
  };

  // Resolutions and metrics windows arrive on the live feed; refresh at most every two seconds.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const soon = () => {
    timer ??= setTimeout(() => {
      timer = null;
      void refresh();
    }, 2000);
  };
  const stream = openStream(client.streamUrl(projectId), client.authHeaders(), soon);

  replace(root, uploadSection(client, projectId, () => void refresh()), progressBox, searchSection(client, projectId), exportSection(client, projectId));
  void refresh();
  return () => {
    left = true;
    stream.close();
    if (timer) clearTimeout(timer);
    chart?.destroy();
  };
}

function figure(id: string, label: string, value: string, pct?: number): HTMLElement {
  return h(
    'div',
    { class: 'figure', id },
    h('span', { class: 'figure-label' }, label),
    h('strong', { class: 'figure-value' }, value),
    pct === undefined ? null : h('progress', { max: 100, value: pct, 'aria-label': `${label}: ${pct}%` }),
  );
}

function uploadSection(client: ApiClient, projectId: string, done: () => void): HTMLElement {
  const file = h('input', { type: 'file', id: 'up-file', name: 'file', accept: '.jsonl,.ndjson,.csv,.json' });
  const format = h(
    'select',
    { id: 'up-format', name: 'format' },
    h('option', { value: '' }, 'From the file name'),
    h('option', { value: 'jsonl' }, 'JSONL'),
    h('option', { value: 'csv' }, 'CSV'),
    h('option', { value: 'labelstudio' }, 'Label Studio JSON'),
  );
  const button = h('button', { type: 'submit', class: 'primary', id: 'up-start' }, 'Upload');
  const bar = h('progress', { id: 'up-progress', max: 100, value: 0, 'aria-label': 'Upload progress', hidden: true });
  const status = h('p', { id: 'up-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', id: 'upload-form' },
    h('h2', {}, 'Upload items'),
    h('div', { class: 'picker' }, h('label', { for: 'up-file' }, 'File'), file, h('label', { for: 'up-format' }, 'Format'), format, button),
    bar,
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) {
      status.textContent = 'Choose a file first.';
      file.focus();
      return;
    }
    const fmt = format.value || formatOf(f.name);
    if (!fmt) {
      status.textContent = 'Pick the format: the file name does not say.';
      format.focus();
      return;
    }
    const importId = newKey();
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    let sentPct = 0;
    let finished = false;
    // Bytes sent fill the bar; the server's count of items read shows beside it while it imports.
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 500));
        if (finished) break;
        try {
          const p = await client.importProgress(importId);
          if (!finished) status.textContent = `Sent ${sentPct}% · ${p.itemsRead} items read`;
        } catch {
          // 404 until the server has started the upload.
        }
      }
    };
    void poll();
    try {
      const r = await client.uploadItems(projectId, f, fmt, importId, (sent, total) => {
        sentPct = Math.round((sent / Math.max(1, total)) * 100);
        bar.value = sentPct;
        status.textContent = `Sent ${sentPct}%`;
      });
      finished = true;
      const final = await client.importProgress(r.importId);
      bar.value = 100;
      status.dataset.state = final.status;
      status.textContent = `Imported ${final.itemsInserted} of ${final.itemsRead} items` + (final.itemsSkipped ? ` (${final.itemsSkipped} already there)` : '') + '.';
      done();
    } catch (err) {
      finished = true;
      status.dataset.state = 'failed';
      status.textContent = `Upload refused, nothing imported: ${err instanceof ApiError ? err.message : String(err)}`;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function searchSection(client: ApiClient, projectId: string): HTMLElement {
  const input = (id: string, label: string, attrs: Record<string, string | number> = {}) => field(id, label, h('input', { id, name: id, ...attrs }));
  const status = h(
    'select',
    { id: 'sq-status', name: 'sq-status' },
    h('option', { value: '' }, 'Any'),
    ...['open', 'resolved', 'exhausted', 'overridden'].map((s) => h('option', { value: s }, s)),
  );
  const results = h('div', { id: 'sq-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card form-grid', id: 'search-form', role: 'search' },
    h('h2', { class: 'span-all' }, 'Search items'),
    h('div', { class: 'span-all' }, input('sq-q', 'Text (Lucene syntax)', { type: 'search' })),
    field('sq-status', 'Status', status),
    input('sq-label', 'Consensus label'),
    input('sq-below', 'Confidence below', { type: 'number', min: 0, max: 1, step: 0.05 }),
    input('sq-contributor', 'Contributor id', { inputmode: 'numeric' }),
    h('div', { class: 'actions span-all' }, h('button', { type: 'submit', class: 'primary', id: 'sq-go' }, 'Search')),
    h('div', { class: 'span-all' }, results),
  );
  let offset = 0;
  const val = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value;
  const run = async () => {
    try {
      const r = await client.search(
        projectId,
        searchQuery({ q: val('sq-q'), status: status.value, label: val('sq-label'), confidenceBelow: val('sq-below'), contributor: val('sq-contributor'), limit: 20, offset }),
      );
      replace(results, hitsTable(r, offset, (o) => {
        offset = o;
        void run();
      }));
    } catch (e) {
      replace(results, h('p', { class: 'error', role: 'alert' }, `Search failed: ${e instanceof ApiError ? e.message : String(e)}`));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    offset = 0;
    void run();
  });
  return form;
}

function hitsTable(r: SearchResult, offset: number, page: (offset: number) => void): HTMLElement {
  if (!r.items.length) return h('p', { class: 'hint', id: 'sq-total', 'data-total': 0 }, 'No items match.');
  const prev = h('button', { type: 'button', disabled: offset === 0 }, 'Previous');
  const next = h('button', { type: 'button', disabled: offset + r.items.length >= r.total }, 'Next');
  prev.addEventListener('click', () => page(Math.max(0, offset - 20)));
  next.addEventListener('click', () => page(offset + 20));
  return h(
    'div',
    {},
    h('p', { id: 'sq-total', 'data-total': r.total }, `${r.total} ${r.total === 1 ? 'item matches' : 'items match'}; ${offset + 1}–${offset + r.items.length} shown.`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Item'), h('th', {}, 'Text'), h('th', {}, 'Status'), h('th', {}, 'Consensus'), h('th', {}, 'Confidence'))),
        h(
          'tbody',
          {},
          ...r.items.map((i) =>
            h(
              'tr',
              { 'data-external-id': i.externalId },
              h('td', {}, i.externalId),
              h('td', {}, i.text),
              h('td', {}, i.status),
              h('td', {}, i.consensusLabel ?? '—'),
              h('td', {}, i.confidence == null ? '—' : i.confidence.toFixed(2)),
            ),
          ),
        ),
      ),
    ),
    h('div', { class: 'actions' }, prev, next),
  );
}

const EXPORTS: Array<[string, string, string]> = [
  ['jsonl', 'JSONL', 'jsonl'],
  ['csv', 'CSV', 'csv'],
  ['labelstudio', 'Label Studio', 'json'],
];

/**
 * Export links. A plain link cannot carry the bearer token, so each button fetches the file and
 * hands the browser a blob link to save.
 */
function exportSection(client: ApiClient, projectId: string): HTMLElement {
  const links = h('p', { id: 'ex-links', class: 'actions wrap' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'ex-status' });
  const labels = h('input', { type: 'checkbox', id: 'ex-labels' });
  const buttons = EXPORTS.map(([format, name, ext]) => {
    const b = h('button', { type: 'button', id: `ex-${format}` }, `Export ${name}`);
    b.addEventListener('click', async () => {
      status.textContent = `Preparing ${name}…`;
      try {
        const path = client.exportPath(projectId, format) + (labels.checked ? '&labels=true' : '');
        const blob = await client.download(path);
        links.querySelector(`#ex-${format}-link`)?.remove();
        const a = h('a', { id: `ex-${format}-link`, href: URL.createObjectURL(blob), download: `project-${projectId}.${ext}` }, `Save ${name} (${blob.size} bytes)`);
        links.appendChild(a);
        status.textContent = `${name} ready.`;
        a.focus();
      } catch (e) {
        status.textContent = `Export failed: ${e instanceof ApiError ? e.message : String(e)}`;
      }
    });
    return b;
  });
  return h(
    'section',
    { class: 'card', id: 'export', 'aria-label': 'Export' },
    h('h2', {}, 'Export'),
    h('div', { class: 'actions wrap' }, ...buttons),
    h('p', {}, h('label', {}, labels, ' Include each contributor’s label')),
    links,
    status,
  );
}
