import { ApiClient, ApiError, type Assignment, type OwnLabel, type Project } from '../api';
import { h, itemFields, itemText, replace } from '../dom';
import { keyAction, shortcutFor } from '../keys';
import { WorkQueue } from '../work-queue';

/**
 * The contributor's screen: pick a project, then label its items one after another with the
 * number keys (or the buttons), S to skip. Returns a function that leaves the view.
 */
export function contributorView(root: HTMLElement, client: ApiClient): () => void {
  let queue: WorkQueue | null = null;
  let project: Project | null = null;
  let busy = false;
  let saved = 0;
  let failed = 0;

  const select = h('select', { id: 'project-select', name: 'project' });
  const picker = h(
    'div',
    { class: 'picker' },
    h('label', { for: 'project-select' }, 'Project'),
    select,
  );
  const task = h('section', { id: 'task', class: 'task', 'aria-label': 'Labeling' });
  const status = h('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const history = h('section', { id: 'history', class: 'card', 'aria-label': 'My recent labels' });
  replace(root, h('div', { class: 'work' }, h('h1', {}, 'Label items'), picker, task, status, history));

  const showStatus = () => {
    const pending = queue?.pending ?? 0;
    status.dataset.saved = String(saved);
    status.textContent =
      `Saved ${saved}` + (pending ? ` · sending ${pending}` : '') + (failed ? ` · ${failed} not saved` : '');
  };

  const showItem = (a: Assignment | null) => {
    if (!project) return;
    if (!a) {
      const again = h('button', { type: 'button', id: 'check-again' }, 'Check again');
      again.addEventListener('click', () => void run(() => queue!.retry()));
      replace(task, h('div', { id: 'empty', class: 'card empty' }, h('p', {}, 'No items to label right now.'), again));
      void refreshHistory();
      return;
    }
    const classes = project.labelSchema.classes;
    const choices = h('div', { class: 'choices', role: 'group', 'aria-label': 'Classes' });
    classes.forEach((c, i) => {
      const key = shortcutFor(i);
      const b = h(
        'button',
        { type: 'button', class: 'choice', 'data-class': c, 'aria-keyshortcuts': key || undefined },
        key ? h('kbd', {}, key) : null,
        ' ',
        c,
      );
      b.addEventListener('click', () => void choose(i));
      choices.appendChild(b);
    });
    const skip = h('button', { type: 'button', id: 'skip', class: 'skip', 'aria-keyshortcuts': 'S' }, h('kbd', {}, 'S'), ' Skip');
    skip.addEventListener('click', () => void doSkip());
    const fields = itemFields(a.data);
    replace(
      task,
      project.instructions ? h('p', { class: 'instructions' }, project.instructions) : null,
      h(
        'article',
        { class: 'item card', id: 'item', tabindex: -1, 'data-external-id': a.externalId, 'aria-label': 'Item to label' },
        h('div', { id: 'item-text', class: 'item-text' }, itemText(a.data)),
        fields.length
          ? h('dl', { class: 'fields' }, ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
          : null,
      ),
      choices,
      h('div', { class: 'actions' }, skip),
    );
    // Replacing the screen drops the focused button; keep focus on the task so the number keys
    // keep working and the focus ring stays where the contributor is looking.
    const active = document.activeElement;
    if (!active || active === document.body || active === select) {
      (task.querySelector('#item') as HTMLElement).focus();
    }
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

  const choose = (index: number) =>
    run(() => {
      const c = project!.labelSchema.classes[index];
      return queue!.label({ choice: c });
    });
  const doSkip = () => run(() => queue!.skip());

  const onKey = (e: KeyboardEvent) => {
    if (!queue?.current || !project) return;
    const action = keyAction(e, project.labelSchema.classes.length);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'skip') void doSkip();
    else void choose(action.index);
  };
  document.addEventListener('keydown', onKey);

  const refreshHistory = async () => {
    try {
      const { labels } = await client.myLabels(10);
      replace(history, h('h2', {}, 'My recent labels'), labelsTable(labels));
    } catch {
      replace(history);
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
      if (project.labelSchema.kind !== 'single_choice') {
        replace(task, h('p', { class: 'card' }, `This screen labels single-choice projects; "${project.name}" is ${project.labelSchema.kind}.`));
        return;
      }
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
        h(
          'tr',
          {},
          h('td', {}, l.externalId),
          h('td', {}, labelText(l.value)),
          h('td', {}, new Date(l.createdAt).toLocaleTimeString()),
        ),
      ),
    ),
  );
}

export function labelText(v: OwnLabel['value']): string {
  if ('choice' in v) return v.choice;
  if ('choices' in v) return v.choices.join(', ');
  return v.spans.map((s) => `${s.label}[${s.start}-${s.end}]`).join(', ');
}
