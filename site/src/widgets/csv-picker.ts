/**
 * The race's "your own data" controls: a file picker (or a file dropped on the controls), the target column, a
 * summary of the parsed file, and — only on the reader's explicit request — the upload that makes a shareable link.
 * The file is parsed in the engine worker; a refused file leaves the widget as it was (its message beside the
 * picker), so a failed file never clears the figure the reader had.
 */
import { esc } from './charts.ts';
import { type Lang, label } from './labels.ts';
import {
  binaryProblem,
  type CsvOutcome,
  type CsvSummary,
  fileProblem,
  isUserDataset,
  type LocalData,
  shortDataset,
  summaryText,
  uploadCsv,
} from './user-data.ts';
import { parseCsv } from './worker-client.ts';

/** What the picker asks of the widget it sits in. */
export interface DataHost {
  readonly uiLang: Lang;
  /** The API's origin ('' for the page's own). */
  readonly api: string;
  /** Train on the reader's file in the browser, or (null) on the built-in data again; either re-runs. */
  useLocal(data: LocalData | null): void;
  /** Train on the server's copy (`user:<id>`): it enters the state and the URL, and runs through the API. */
  useServer(dataset: string): void;
  shareUrl(): string;
}

export class CsvPicker {
  private text = '';
  private columns: string[] = [];
  private summary: CsvSummary | null = null;
  /** The latest file or target asked for: an older parse finishing late is dropped. */
  private asked = 0;
  /** What the message on show is about: a batch-size refusal goes once the batch fits, a file's stays. */
  private topic: 'file' | 'batch' = 'file';
  private readonly lang: Lang;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: DataHost,
  ) {
    this.lang = host.uiLang;
    this.bind();
  }

  private el<T extends HTMLElement>(selector: string): T {
    return this.root.querySelector<T>(selector) as T;
  }

  /** A message beside the picker (an alert: a refused file or setting must be heard), or none. */
  say(message: string, topic: 'file' | 'batch' = 'file'): void {
    this.topic = topic;
    this.el('[data-csv-msg]').textContent = message;
  }

  /** Clears the message if it is about `topic`. */
  unsay(topic: 'file' | 'batch'): void {
    if (this.topic === topic) this.say('');
  }

  /**
   * What the widget trains on now, after any change of its state: the dataset select names it, a shareable link
   * follows the state (or goes with the server copy), and the widget's "copy link" is off while the data are only
   * here (a link to this state would not carry them).
   */
  follow(dataset: string, local: boolean): void {
    const server = isUserDataset(dataset);
    this.showDataset(dataset, local);
    const link = this.el('.w-data-link');
    if (!server) link.hidden = true;
    else if (!link.hidden) this.el<HTMLInputElement>('[data-csv-link]').value = this.host.shareUrl();
    if (server) this.showServer();
    else if (!local) this.el('.w-data-actions').hidden = true;
    const copy = this.root.closest('form')?.parentElement?.querySelector<HTMLButtonElement>('[data-act=share]');
    if (copy) {
      copy.disabled = local;
      copy.title = local ? label('csvLocalOnly', this.lang) : '';
    }
  }

  private showDataset(dataset: string, local: boolean): void {
    const select = this.root.closest('form')?.querySelector<HTMLSelectElement>('select[data-key=dataset]');
    if (!select) return;
    for (const o of select.querySelectorAll('option[data-extra]')) o.remove();
    const server = isUserDataset(dataset);
    const extra = local
      ? new Option(label('csvLocal', this.lang), '')
      : server
        ? new Option(shortDataset(dataset), dataset)
        : null;
    if (extra) {
      extra.dataset.extra = '';
      select.add(extra);
    }
    select.value = extra ? extra.value : dataset;
  }

  /** The widget left the reader's data by another way (the dataset select, reset): back to an empty picker. */
  reset(): void {
    this.text = '';
    this.summary = null;
    this.columns = [];
    this.asked++;
    this.el<HTMLInputElement>('[data-csv]').value = '';
    this.el('[data-csv-summary]').textContent = '';
    this.el('.w-data-target').hidden = true;
    this.el('.w-data-actions').hidden = true;
    this.el('.w-data-link').hidden = true;
  }

  /** The widget runs on a server copy named in its state (a shared link): offer the way back to the built-in data. */
  showServer(): void {
    this.el('.w-data-actions').hidden = false;
    this.el('[data-csv-act=share]').hidden = true;
  }

  private bind(): void {
    const input = this.el<HTMLInputElement>('[data-csv]');
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.pick(file);
    });
    // A file dropped anywhere on the controls is a file picked.
    const form = this.root.closest('form') ?? this.root;
    form.addEventListener('dragover', (e) => {
      const drag = e as DragEvent;
      if (!drag.dataTransfer?.types.includes('Files')) return;
      drag.preventDefault();
      drag.dataTransfer.dropEffect = 'copy';
    });
    form.addEventListener('drop', (e) => {
      const file = (e as DragEvent).dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void this.pick(file);
    });
    this.el<HTMLSelectElement>('[data-csv-target]').addEventListener('change', (e) => {
      void this.parse(this.text, (e.target as HTMLSelectElement).value);
    });
    this.root.addEventListener('click', (e) => {
      const act = (e.target as HTMLElement).closest<HTMLElement>('[data-csv-act]')?.dataset.csvAct;
      if (act === 'share') void this.share();
      if (act === 'builtin') {
        this.reset();
        this.say('');
        this.host.useLocal(null);
      }
      if (act === 'copy') void this.copy();
    });
  }

  /** Checks made before reading (size, type), then the text to the worker. */
  private async pick(file: File): Promise<void> {
    const ask = ++this.asked;
    this.say('');
    const before = fileProblem(file, this.lang);
    if (before) return this.say(before);
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      return this.say(`${label('csvReadFailed', this.lang)}${(err as Error).message}`);
    }
    if (ask !== this.asked) return;
    const binary = binaryProblem(text, this.lang);
    if (binary) return this.say(binary);
    this.columns = [];
    await this.parse(text, undefined, ask);
  }

  private async parse(text: string, target: string | undefined, ask = ++this.asked): Promise<void> {
    let outcome: CsvOutcome;
    try {
      outcome = await parseCsv(text, target);
    } catch (err) {
      outcome = { ok: false, errors: [{ path: 'data', message: (err as Error).message }] };
    }
    if (ask !== this.asked) return;
    if (!outcome.ok) {
      // The parser names the row and column; its words are shown as they are, in either language.
      this.say(outcome.errors.map((e) => e.message).join('\n'));
      if (this.summary) this.el<HTMLSelectElement>('[data-csv-target]').value = this.summary.target;
      return;
    }
    this.say('');
    this.text = text;
    this.summary = outcome.summary;
    // The columns in the file's order, from the first parse (the default target is the last column).
    if (!this.columns.length) this.columns = [...outcome.summary.featureNames, outcome.summary.target];
    this.showSummary(outcome.summary);
    this.host.useLocal({ text, summary: outcome.summary });
  }

  /** The summary line again, for a new split of the same file (the test fraction moved). */
  showSplit(s: CsvSummary): void {
    this.el('[data-csv-summary]').textContent = summaryText(s, this.lang);
  }

  private showSummary(s: CsvSummary): void {
    const select = this.el<HTMLSelectElement>('[data-csv-target]');
    select.innerHTML = this.columns
      .map((c) => `<option value="${esc(c)}"${c === s.target ? ' selected' : ''}>${esc(c)}</option>`)
      .join('');
    this.el('.w-data-target').hidden = false;
    this.el('[data-csv-summary]').textContent = summaryText(s, this.lang);
    this.el('.w-data-actions').hidden = false;
    this.el('[data-csv-act=share]').hidden = false;
    this.el('.w-data-link').hidden = true;
  }

  /** The explicit upload: the file goes to the API, the widget then runs there, and its link carries the id. */
  private async share(): Promise<void> {
    if (!this.summary) return;
    const button = this.el<HTMLButtonElement>('[data-csv-act=share]');
    button.disabled = true;
    button.textContent = label('csvUploading', this.lang);
    // Another file (or target) picked while this one uploads: its upload no longer says anything.
    const ask = this.asked;
    try {
      const up = await uploadCsv(this.host.api, this.text, this.summary.target);
      if (ask !== this.asked) return;
      if (!up.ok) return this.say(`${label('csvUploadFailed', this.lang)}${up.message}`);
      this.say('');
      this.host.useServer(up.dataset);
      this.el<HTMLInputElement>('[data-csv-link]').value = this.host.shareUrl();
      this.el('.w-data-link').hidden = false;
      button.hidden = true;
    } finally {
      button.disabled = false;
      button.textContent = label('csvShare', this.lang);
    }
  }

  private async copy(): Promise<void> {
    const link = this.el<HTMLInputElement>('[data-csv-link]');
    link.select();
    await navigator.clipboard?.writeText(link.value).catch(() => undefined);
    const button = this.el<HTMLButtonElement>('[data-csv-act=copy]');
    button.textContent = label('copied', this.lang);
    setTimeout(() => {
      button.textContent = label('share', this.lang);
    }, 1500);
  }
}
