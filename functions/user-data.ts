/**
 * Readers' CSVs on the server. A file is stored once, in the DATASETS KV namespace under its id (the SHA-256 of its
 * canonical form, so storing is idempotent), as that canonical text. A request naming `dataset=user:<id>` has the
 * data read back, checked against its id and registered with the engine before its params are even normalised (the
 * data decide the loss and the largest batch). Each client's stored bytes are counted against a quota.
 */
import { isUserDataset, parseUserCsv, registerUserData, type UserData, userDataOf } from '../src/index.ts';
import { ProblemError } from './problem.ts';

/** Stored bytes one client may add (16 files at the 256 KiB upload limit). */
export const CLIENT_QUOTA_BYTES = 4 * 1024 * 1024;
/** How long a client's quota counter lives: it is a brake on filling the store, not an account. */
const QUOTA_TTL_S = 30 * 24 * 3600;

const quotaKey = (client: string) => `quota:${client}`;
const dataKey = (id: string) => `data:${id}`;

/** Make `dataset` (if it is a user dataset) available to the engine in this isolate; 404 when nobody stored it. */
export async function ensureUserData(env: Env, dataset: unknown): Promise<void> {
  if (typeof dataset !== 'string' || !isUserDataset(dataset) || userDataOf(dataset)) return;
  const id = dataset.slice('user:'.length);
  const text = env.DATASETS ? await env.DATASETS.get(dataKey(id)) : null;
  if (text === null)
    throw new ProblemError(404, `no dataset ${dataset} is stored here; upload the CSV with POST /api/v1/datasets`, [
      { path: 'dataset', message: `${dataset} is not a stored dataset` },
    ]);
  const parsed = await parseUserCsv(text);
  if (!parsed.ok || parsed.data.id !== id) {
    console.error(`stored dataset ${id} does not parse back to its id`);
    throw new ProblemError(500, `the stored copy of ${dataset} is damaged; upload the CSV again`);
  }
  registerUserData(parsed.data);
}

/** Store parsed data; `created` is false when the same data were already stored (by anyone). */
export async function storeUserData(env: Env, data: UserData, client: string): Promise<{ created: boolean }> {
  const kv = env.DATASETS;
  if (!kv) throw new ProblemError(503, 'dataset storage is not configured on this deployment');
  if ((await kv.get(dataKey(data.id))) !== null) return { created: false };
  const size = new TextEncoder().encode(data.canonical).length;
  // KV has no transactions: two uploads at the same moment can each pass the check, so the quota is a brake that a
  // client can overrun by a file or two, not an exact bound (README: "Your data").
  const used = Number((await kv.get(quotaKey(client))) ?? 0);
  if (used + size > CLIENT_QUOTA_BYTES)
    throw new ProblemError(
      429,
      `this client has stored ${used} bytes of datasets; the quota is ${CLIENT_QUOTA_BYTES} bytes (4 MiB), and this file needs ${size} more`,
    );
  await kv.put(dataKey(data.id), data.canonical);
  await kv.put(quotaKey(client), String(used + size), { expirationTtl: QUOTA_TTL_S });
  return { created: true };
}

/** What a client learns about stored data: the contract's fields, then names to show. */
export function datasetSummary(data: UserData) {
  return {
    id: data.id,
    dataset: `user:${data.id}`,
    rows: data.rows,
    features: data.features.length,
    classes: data.classNames?.length ?? null,
    task: data.task,
    target: data.target,
    featureNames: data.features,
    classNames: data.classNames,
  };
}
