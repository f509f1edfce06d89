import { ApiClient, ApiError, type Assignment, type Contribution, type LabelValue, type OwnLabel, type Project, type Span } from '../api';
import { goldAccuracy, type Level, levelText, proofStatus, type Reputation } from '../dashboard';
import { h, itemFields, itemText, replace } from '../dom';
import { keyAction, multiKeyAction, shortcutFor } from '../keys';
import { addSpan, removeSpan, segments, selectionOffsets, trimSpan } from '../spans';
import { WorkQueue } from '../work-queue';

/**
 * The contributor's screen: pick a project, then label its items one after another by keyboard
 * (or pointer). Single choice: a number key labels. Multi-label: number keys tick classes, Enter
 * submits. Text spans: select text, then a number key (or class button) tags it, Enter submits.
 * S skips. Below: the contributor's standing and on-chain records. Returns a function that leaves.
 */
export function contributorView(root: HTMLElement, client: ApiClient): () => void {
  let queue: WorkQueue | null = null;
  let project: Project | null = null;
  let busy = false;
  let saved = 0;
  let failed = 0;
  // Per-item state of the multi-label and span screens.
  let ticked = new Set<number>();
  let spans: Span[] = [];
  let redraw: () => void = () => {};

  const select = h('select', { id: 'project-select', name: 'project' });
  const picker = h('div', { class: 'picker' }, h('label', { for: 'project-select' }, 'Project'), select);
  const task = h('section', { id: 'task', class: 'task', 'aria-label': 'Labeling' });
  const status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const standing = h('section', { id: 'standing', class: 'card', 'aria-label': 'My standing' });
  const history = h('section', { id: 'history', class: 'card', 'aria-label': 'My recent labels' });
  const records = h('section', { id: 'contributions', class: 'card', 'aria-label': 'My contribution records' });
  replace(root, h('div', { class: 'work' }, h('h1', {}, 'Label items'), picker, task, status, standing, history, records));

  const showStatus = () => {
    const pending = queue?.pending ?? 0;
    status.dataset.saved = String(saved);
    status.textContent = `Saved ${saved}` + (pending ? ` · sending ${pending}` : '') + (failed ? ` · ${failed} not saved` : '');
  };

  const classButtons = (onPick: (i: number) => void, role: 'choose' | 'tag') => {
    const group = h('div', { class: 'choices', role: 'group', 'aria-label': role === 'tag' ? 'Tag the selection as' : 'Classes' });
    project!.labelSchema.classes.forEach((c, i) => {
      const key = shortcutFor(i);
      const b = h('button', { type: 'button', class: 'choice', 'data-class': c, 'aria-keyshortcuts': key || undefined }, key ? h('kbd', {}, key) : null, ' ', c);
      b.addEventListener('click', () => onPick(i));
      group.appendChild(b);
    });
    return group;
  };

  const showItem = (a: Assignment | null) => {
    if (!project) return;
    ticked = new Set();
    spans = [];
    redraw = () => {};
    if (!a) {
      const again = h('button', { type: 'button', id: 'check-again' }, 'Check again');
      again.addEventListener('click', () => void run(() => queue!.retry()));
      replace(task, h('div', { id: 'empty', class: 'card empty' }, h('p', {}, 'No items to label right now.'), again));
      void refreshHistory();
      return;
    }
    const kind = project.labelSchema.kind;
    const text = itemText(a.data);
    const textBox = h('div', { id: 'item-text', class: 'item-text' }, text);
    const skip = h('button', { type: 'button', id: 'skip', class: 'skip', 'aria-keyshortcuts': 'S' }, h('kbd', {}, 'S'), ' Skip');
    skip.addEventListener('click', () => void doSkip());
    const submit = h('button', { type: 'button', id: 'submit', class: 'primary', 'aria-keyshortcuts': 'Enter' }, h('kbd', {}, '↵'), ' Submit');
    submit.addEventListener('click', () => void submitCurrent());
    let controls: HTMLElement;
    if (kind === 'multi_label') {
      const boxes = h('fieldset', { class: 'choices checks', id: 'checks' }, h('legend', {}, 'Tick every class that applies, then Enter'));
      project.labelSchema.classes.forEach((c, i) => {
        const key = shortcutFor(i);
        const box = h('input', { type: 'checkbox', id: `check-${i}`, 'data-class': c, 'aria-keyshortcuts': key || undefined });
        box.addEventListener('change', () => {
          if (box.checked) ticked.add(i);
          else ticked.delete(i);
        });
        boxes.appendChild(h('label', { class: 'choice check', for: `check-${i}` }, box, ' ', key ? h('kbd', {}, key) : null, ' ', c));
      });
      redraw = () =>
        boxes.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((b, i) => (b.checked = ticked.has(i)));
      controls = boxes;
    } else if (kind === 'spans') {
      const list = h('ul', { id: 'span-list', class: 'span-list', 'aria-label': 'Tagged spans' });
      redraw = () => {
        replace(
          textBox,
          ...segments(text, spans).map((s) =>
            // The tag is drawn by CSS (attr()), so the box's text stays exactly the item's text
            // and selection offsets stay true.
            s.label === undefined ? s.text : h('mark', { 'data-label': s.label, title: s.label }, s.text),
          ),
        );
        replace(
          list,
          ...spans.map((s, i) => {
            const rm = h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${s.label} “${text.slice(s.start, s.end)}”` }, 'remove');
            rm.addEventListener('click', () => {
              spans = removeSpan(spans, i);
              redraw();
            });
            return h('li', { 'data-start': s.start, 'data-end': s.end, 'data-label': s.label }, `${s.label}: “${text.slice(s.start, s.end)}” `, rm);
          }),
        );
      };
      controls = h(
        'div',
        {},
        h('p', { class: 'hint' }, 'Select text in the item, then press a number (or a button) to tag it; Enter submits.'),
        classButtons((i) => tagSelection(i), 'tag'),
        list,
      );
    } else {
      controls = classButtons((i) => void choose(i), 'choose');
    }
    const fields = itemFields(a.data);
    replace(
      task,
      project.instructions ? h('p', { class: 'instructions' }, project.instructions) : null,
      h(
        'article',
        { class: 'item card', id: 'item', tabindex: -1, 'data-external-id': a.externalId, 'aria-label': 'Item to label' },
        textBox,
        fields.length ? h('dl', { class: 'fields' }, ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
      ),
      controls,
      h('div', { class: 'actions' }, kind === 'single_choice' ? null : submit, skip),
    );
    // Replacing the screen drops the focused control; keep focus on the task so the keys keep
    // working and the focus ring stays where the contributor is looking.
    const active = document.activeElement;
    if (!active || active === document.body || active === select || !root.contains(active)) {
      (task.querySelector('#item') as HTMLElement).focus();
    }
  };

  const tagSelection = (index: number) => {
    const box = task.querySelector('#item-text');
    const sel = window.getSelection();
    if (!box || !sel || sel.rangeCount === 0) return;
    const at = selectionOffsets(box, sel.getRangeAt(0));
    const text = box.textContent ?? '';
    const span = at && trimSpan(text, at);
    if (!span) {
      status.textContent = 'Select some of the item’s text first.';
      return;
    }
    spans = addSpan(spans, { ...span, label: project!.labelSchema.classes[index] });
    sel.removeAllRanges();
    redraw();
  };

  const run = async (step: () => Promise<Assignment | null>) => {
    if (busy) return;
    busy = true;
    try {
      showItem(await step());
    } catch (e) {
      replace(task, h('p', { class: 'error', role: 'alert' }, `Could not load work: ${String(e)}`));
    } finally {
      busy = false;
      showStatus();
    }
  };

  const label = (value: LabelValue) => run(() => queue!.label(value));
  const choose = (index: number) => label({ choice: project!.labelSchema.classes[index] });
  const submitCurrent = () => {
    const classes = project!.labelSchema.classes;
    if (project!.labelSchema.kind === 'multi_label') return label({ choices: [...ticked].sort((x, y) => x - y).map((i) => classes[i]) });
    return label({ spans: spans.map((s) => ({ start: s.start, end: s.end, label: s.label })) });
  };
  const doSkip = () => run(() => queue!.skip());

  const onKey = (e: KeyboardEvent) => {
    if (!queue?.current || !project || busy) return;
    const n = project.labelSchema.classes.length;
    const kind = project.labelSchema.kind;
    if (kind === 'single_choice') {
      const action = keyAction(e, n);
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'skip') void doSkip();
      else void choose(action.index);
      return;
    }
    const action = multiKeyAction(e, n);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'skip') void doSkip();
    else if (action.kind === 'submit') void submitCurrent();
    else if (kind === 'multi_label') {
      if (ticked.has(action.index)) ticked.delete(action.index);
      else ticked.add(action.index);
      redraw();
    } else tagSelection(action.index);
  };
  document.addEventListener('keydown', onKey);

  const refreshHistory = async () => {
    try {
      const { labels } = await client.myLabels(10);
      replace(history, h('h2', {}, 'My recent labels'), labelsTable(labels));
    } catch {
      replace(history);
    }
    void refreshStanding();
  };

  const refreshStanding = async () => {
    try {
      const me = await client.me();
      const [rep, recs] = await Promise.all([client.contributorReputation(me.id), client.myContributions(20)]);
      replace(standing, h('h2', {}, 'My standing'), standingView(rep.global, rep.level));
      replace(records, h('h2', {}, 'My contribution records'), contributionsTable(recs.contributions));
    } catch {
      // Standing is a courtesy; labeling goes on without it.
    }
  };

  const open = async (id: string) => {
    await queue?.close();
    queue = null;
    project = null;
    replace(task);
    if (!id) return;
    try {
      project = await client.project(id);
      queue = new WorkQueue(client, project.id, {
        saved: () => {
          saved++;
          showStatus();
        },
        failed: (a, err: ApiError) => {
          failed++;
          status.textContent = `Item ${a.externalId} was not saved: ${err.message}`;
        },
      });
      await run(() => queue!.start());
    } catch (e) {
      replace(task, h('p', { class: 'error', role: 'alert' }, `Could not open the project: ${String(e)}`));
    }
  };
  select.addEventListener('change', () => void open(select.value));

  void (async () => {
    try {
      const projects = (await client.projects()).filter((p) => p.status === 'active');
      replace(
        select,
        h('option', { value: '' }, projects.length ? 'Choose a project…' : 'No projects open to you'),
        ...projects.map((p) => h('option', { value: String(p.id) }, p.name)),
      );
      select.focus();
    } catch (e) {
      replace(task, h('p', { class: 'error', role: 'alert' }, `Could not list projects: ${String(e)}`));
    }
    void refreshHistory();
  })();

  const leave = () => void queue?.close();
  window.addEventListener('pagehide', leave);
  return () => {
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('pagehide', leave);
    leave();
  };
}

function standingView(rep: Reputation | null, lvl: Level | undefined): HTMLElement {
  const gold = goldAccuracy(rep);
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  return h(
    'dl',
    { class: 'fields standing' },
    h('dt', {}, 'Level'),
    h('dd', { id: 'my-level' }, levelText(lvl, pct)),
    h('dt', {}, 'Reputation'),
    h('dd', { id: 'my-reputation' }, rep ? `${pct(rep.score)} (lower bound ${pct(rep.lowerBound)})` : 'Not scored yet'),
    h('dt', {}, 'Accuracy on gold'),
    h('dd', { id: 'my-gold' }, gold === null ? 'No gold items answered yet' : `${pct(gold)} of ${rep!.goldAnswered}`),
  );
}

function contributionsTable(list: Contribution[]): HTMLElement {
  if (!list.length) return h('p', { class: 'hint' }, 'No accepted labels recorded on chain yet.');
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Epoch'), h('th', {}, 'Project'), h('th', {}, 'Item'), h('th', {}, 'Proof'), h('th', {}, 'Transaction'))),
      h(
        'tbody',
        {},
        ...list.map((c) => {
          const p = proofStatus(c);
          return h(
            'tr',
            { 'data-label': c.labelId, 'data-proof': p.kind },
            h('td', {}, c.epoch),
            h('td', {}, c.projectId),
            h('td', {}, c.itemId),
            h('td', {}, h('span', { class: `badge ${p.kind}` }, p.kind), ' ', p.text),
            h('td', { class: 'mono' }, c.txHash ? `${c.txHash.slice(0, 10)}…` : '—'),
          );
        }),
      ),
    ),
  );
}

function labelsTable(labels: OwnLabel[]): HTMLElement {
  if (!labels.length) return h('p', { class: 'hint' }, 'None yet.');
  return h(
    'table',
    { class: 'labels' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Item'), h('th', {}, 'Label'), h('th', {}, 'When'))),
    h(
      'tbody',
      {},
      ...labels.map((l) =>
        h('tr', {}, h('td', {}, l.externalId), h('td', {}, labelText(l.value)), h('td', {}, new Date(l.createdAt).toLocaleTimeString())),
      ),
    ),
  );
}

export function labelText(v: OwnLabel['value']): string {
  if ('choice' in v) return v.choice;
  if ('choices' in v) return v.choices.length ? v.choices.join(', ') : '(none)';
  return v.spans.map((s) => `${s.label}[${s.start}-${s.end}]`).join(', ');
}
