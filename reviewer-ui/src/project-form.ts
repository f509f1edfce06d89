/**
 * The requester's project form, as plain values, turned into the API's create request. The API
 * checks everything again; checking here first lets the form point at the field to fix.
 */

/** The largest reward per label the API accepts (a Java long of base units). */
const MAX_REWARD_PER_LABEL = 9223372036854775807n;

export type SchemaKind = 'single_choice' | 'multi_label' | 'spans';

export interface ProjectFormValues {
  name: string;
  instructions: string;
  kind: SchemaKind;
  /** One class per line (commas also separate). */
  classes: string;
  minLabels: string;
  maxLabels: string;
  confidence: string;
  /** Percent of assignments that are gold items, 0..100. */
  goldPercent: string;
  /** Reward per accepted label, a whole number of the token's base units (6 decimals). */
  reward: string;
}

export interface ProjectCreate {
  name: string;
  instructions: string;
  labelSchema: { kind: SchemaKind; classes: string[] };
  overlap: { minLabels: number; maxLabels: number; confidence: number };
  goldShare: number;
  rewardPerLabel: string;
}

export type FormResult = { ok: true; request: ProjectCreate } | { ok: false; errors: Partial<Record<keyof ProjectFormValues, string>> };

export function parseClasses(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

export function projectRequest(v: ProjectFormValues): FormResult {
  const errors: Partial<Record<keyof ProjectFormValues, string>> = {};
  const name = v.name.trim();
  if (!name || name.length > 200) errors.name = 'A name of 1 to 200 characters.';
  const classes = parseClasses(v.classes);
  const dup = classes.find((c, i) => classes.indexOf(c) !== i);
  if (classes.length === 0) errors.classes = 'List at least one class.';
  else if (v.kind === 'single_choice' && classes.length < 2) errors.classes = 'A single-choice schema needs two classes or more.';
  else if (dup) errors.classes = `"${dup}" is listed twice.`;
  else if (classes.some((c) => c.length > 100)) errors.classes = 'A class has at most 100 characters.';
  else if (classes.length > 200) errors.classes = 'At most 200 classes.';
  const min = whole(v.minLabels);
  const max = whole(v.maxLabels);
  if (min === null || min < 1 || min > 100) errors.minLabels = 'A whole number from 1 to 100.';
  if (max === null || max > 100 || (min !== null && max < min)) errors.maxLabels = 'A whole number from the minimum to 100.';
  const confidence = Number(v.confidence);
  if (v.confidence.trim() === '' || !(confidence > 0.5 && confidence <= 1)) errors.confidence = 'Above 0.5, at most 1.';
  const gold = Number(v.goldPercent || '0');
  if (!(gold >= 0 && gold <= 100)) errors.goldPercent = 'A percentage from 0 to 100.';
  const reward = v.reward.trim() || '0';
  if (!/^[0-9]{1,78}$/.test(reward)) errors.reward = 'A whole number of the token’s base units.';
  // The rewards service weighs a label in a signed 64-bit integer; the API refuses more.
  else if (BigInt(reward) > MAX_REWARD_PER_LABEL) errors.reward = 'At most 9223372036854775807 base units.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    request: {
      name,
      instructions: v.instructions.trim(),
      labelSchema: { kind: v.kind, classes },
      overlap: { minLabels: min!, maxLabels: max!, confidence },
      goldShare: Math.round(gold * 100) / 10000,
      rewardPerLabel: reward,
    },
  };
}

function whole(s: string): number | null {
  return /^\s*\d+\s*$/.test(s) ? Number(s) : null;
}

/** The upload format a file name implies, or null when the requester must pick one. */
export function formatOf(fileName: string): 'jsonl' | 'csv' | 'labelstudio' | null {
  const n = fileName.toLowerCase();
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.json')) return 'labelstudio';
  return null;
}
