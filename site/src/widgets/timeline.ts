/**
 * The timeline under a training figure: a slider over the run's logged steps and a play/pause button, both native
 * controls (arrow keys, Home/End, Space/Enter). Scrubbing shows the figure at that step; playing steps through them
 * all in about four seconds. It works on a finished live run and on the baked default alike: the baked result is
 * fetched (a static file, no computation) the first time the reader reaches for the timeline.
 */
import { type Lang, label } from './labels.ts';
import { stepText } from './shell.ts';

export interface TimelineHooks {
  /** The steps of the figure's result, loading it first if need be (null: nothing to scrub). */
  ready: () => Promise<readonly number[] | null>;
  /** Show the figure after logged step `steps[index]`. */
  seek: (index: number, steps: readonly number[]) => void;
}

const PLAY_MS = 4000;

export class Timeline {
  private steps: readonly number[] = [];
  private timer = 0;
  private readonly input: HTMLInputElement;
  private readonly button: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly lang: Lang,
    private readonly hooks: TimelineHooks,
  ) {
    this.input = root.querySelector('input[type=range]') as HTMLInputElement;
    this.button = root.querySelector('button.w-play') as HTMLButtonElement;
    const load = () => void this.load();
    root.addEventListener('focusin', load);
    root.addEventListener('pointerdown', load);
    this.input.addEventListener('input', async () => {
      this.pause();
      const index = Number(this.input.value); // before loading, which puts the slider at the end
      if (await this.load()) this.show(index);
    });
    this.button.addEventListener('click', async () => {
      if (this.timer) this.pause();
      else if (await this.load()) this.play();
    });
  }

  private loading: Promise<boolean> | null = null;

  private load(): Promise<boolean> {
    if (this.steps.length) return Promise.resolve(true);
    this.loading ??= this.hooks.ready().then((steps) => {
      this.loading = null;
      if (steps?.length) this.steps = steps;
      return this.steps.length > 0;
    });
    return this.loading;
  }

  private show(index: number): void {
    this.place(index);
    this.hooks.seek(index, this.steps);
  }

  /** The slider and its readout at `index`, without redrawing the figure. */
  private place(index: number): void {
    const step = this.steps[index];
    this.input.value = String(index);
    this.input.setAttribute('aria-valuetext', stepText(this.lang, step, this.steps[this.steps.length - 1]));
    const out = this.input.parentElement?.querySelector('output');
    if (out) out.textContent = String(step);
  }

  /** A new result to scrub, its figure (already drawn) at its end. */
  reset(steps: readonly number[]): void {
    this.pause();
    this.steps = steps;
    this.input.max = String(Math.max(0, steps.length - 1));
    this.input.disabled = this.button.disabled = steps.length < 2;
    if (steps.length) this.place(steps.length - 1);
  }

  /** While a run is live there is nothing to scrub yet. */
  disable(): void {
    this.pause();
    this.steps = [];
    this.input.disabled = this.button.disabled = true;
  }

  play(): void {
    const last = this.steps.length - 1;
    let i = Number(this.input.value) >= last ? 0 : Number(this.input.value);
    this.show(i);
    this.setPlaying(true);
    this.timer = window.setInterval(
      () => {
        i = Math.min(last, i + 1);
        this.show(i);
        if (i === last) this.pause();
      },
      Math.max(30, PLAY_MS / Math.max(1, last)),
    );
  }

  pause(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = 0;
    this.setPlaying(false);
  }

  private setPlaying(on: boolean): void {
    this.button.querySelector('[aria-hidden]')!.textContent = on ? '❚❚' : '▶';
    this.button.querySelector('.w-play-text')!.textContent = label(on ? 'pause' : 'play', this.lang);
    this.root.dataset.playing = String(on);
  }
}
