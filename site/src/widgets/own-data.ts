/**
 * What a widget that trains on the reader's own CSV (the race) keeps of it: the picker, the file while the widget
 * trains on it in the browser, and what a run takes from them. The element (element.ts) owns the state; this says
 * how the reader's file changes a run, and what the picker shows of it.
 */
import { DEFAULT_TEST_FRACTION, userSplit } from '../../../src/data/user-rules.ts';
import { CsvPicker, type DataHost } from './csv-picker.ts';
import { type Lang, label } from './labels.ts';
import { ApiRefusal, type UserCsv } from './run-types.ts';
import type { StateValue } from './state.ts';
import { batchProblem, isUserDataset, type LocalData, shortDataset } from './user-data.ts';

type AnyState = Record<string, StateValue>;

/** What the widget element gives the reader's data: its language, API and link, and its state's dataset. */
export interface DataOwner {
  readonly uiLang: Lang;
  readonly api: string;
  shareUrl(): string;
  /** The state's dataset, and the table's default one. */
  currentDataset(): StateValue;
  readonly defaultDataset: StateValue;
  /** Puts a dataset in the state (and the URL) and runs it; the file in use, if any, was set before. */
  setDataset(dataset: StateValue): void;
}

export class OwnData implements DataHost {
  /** The reader's file while it is trained on in the browser (the state's dataset stays as it was). */
  local: LocalData | null = null;
  private readonly picker: CsvPicker;

  private constructor(
    root: HTMLElement,
    private readonly host: DataOwner,
  ) {
    this.picker = new CsvPicker(root, this);
  }

  /** The picker in the element's markup, if the widget takes the reader's data. */
  static mount(root: Element, host: DataOwner, enabled: boolean | undefined): OwnData | null {
    const el = root.querySelector<HTMLElement>('.w-data');
    return enabled && el ? new OwnData(el, host) : null;
  }

  get uiLang(): Lang {
    return this.host.uiLang;
  }
  get api(): string {
    return this.host.api;
  }
  shareUrl(): string {
    return this.host.shareUrl();
  }

  /** The reader's file, parsed in the worker (or null: the built-in data again); the URL keeps a built-in set. */
  useLocal(data: LocalData | null): void {
    this.local = data;
    const dataset = this.host.currentDataset();
    this.host.setDataset(isUserDataset(String(dataset)) ? this.host.defaultDataset : dataset);
  }

  /** The server's copy of the reader's file: a state like any other, in the URL, run through the API. */
  useServer(dataset: string): void {
    this.local = null;
    this.host.setDataset(dataset);
  }

  /** The state a run is for: the reader's file in place of the state's dataset while it is on. */
  runState(state: AnyState): AnyState {
    return this.local ? { ...state, dataset: this.local.summary.dataset } : state;
  }

  /** What goes with a run to the browser's engine: the file, so the worker can register it. */
  runCsv(): UserCsv | undefined {
    return this.local ? { text: this.local.text, target: this.local.summary.target } : undefined;
  }

  /** The reader left the file by another way (the dataset select, reset): the picker empties. */
  drop(): void {
    if (!this.local) return;
    this.local = null;
    this.picker.reset();
  }

  follow(dataset: StateValue): void {
    this.picker.follow(String(dataset), this.local !== null);
  }

  /**
   * Before a run on the reader's file: its split at the state's test fraction, said beside the picker, and a batch
   * larger than the training rows refused there, before any run (true: refused).
   */
  refused(state: AnyState): boolean {
    if (this.local) {
      const { summary } = this.local;
      const split = userSplit(summary.rows, Number(state.testFraction ?? DEFAULT_TEST_FRACTION));
      this.local = { ...this.local, summary: { ...summary, ...split } };
      this.picker.showSplit(this.local.summary);
    }
    const problem = this.local && batchProblem(Number(state.batchSize), this.local.summary, this.host.uiLang);
    if (problem) this.picker.say(problem, 'batch');
    else this.picker.unsay('batch');
    return Boolean(problem);
  }

  /**
   * A 404 for a `user:<id>` dataset: the server holds no such file (a link to one it never stored). Said here, and
   * the built-in data run instead.
   */
  unknown(err: unknown, dataset: StateValue): boolean {
    const d = String(dataset);
    if (!(err instanceof ApiRefusal) || err.status !== 404 || !isUserDataset(d)) return false;
    this.picker.say(label('csvUnknown', this.host.uiLang, { dataset: shortDataset(d) }));
    this.useLocal(null);
    return true;
  }
}
