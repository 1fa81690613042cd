/**
 * Recorded runs in the Lab: the finished run a link carried (`rec=`, state/recorded.ts), shown as
 * the sender's at once, before anything is computed here; "Run it here" runs the same search and
 * heal on this machine and sets the two side by side; and this lab's own finished run, which the
 * link (Copy link and the address bar) carries in turn.
 */
import type { BackendName } from '../core/backend-names.ts';
import type { EpisodeLog } from '../core/rl/search.ts';
import type { PipelineReport } from './heal.svelte.ts';
import type { SearchStatus } from './search.svelte.ts';
import { compareRuns, recordRun, type ComparisonRow, type RecordedRun } from './recorded.ts';

/** What the recorded state reads and drives of the Lab. */
export interface RecordedHost {
  readonly model: { readonly backend: { readonly name: BackendName } | null };
  readonly search: {
    readonly source: 'search' | 'link';
    readonly status: SearchStatus;
    readonly log: EpisodeLog[];
    readonly best: { readonly prunedCounts: number[] } | null;
    /** The link's policy while it is in force (null once a search here or another model replaced it). */
    readonly shared: unknown;
    readonly active: boolean;
    readonly key: string;
    start(resume?: boolean): Promise<void>;
  };
  readonly heal: { readonly report: PipelineReport | null; readonly active: boolean; run(source: 'policy', fineTune: boolean): Promise<void> };
  readonly config: { readonly ftEpochs: number };
}

export class RecordedState {
  /** The run the link carried, or null. */
  linked = $state.raw<RecordedRun | null>(null);
  /** True while "Run it here" runs the search and the heal. */
  running = $state(false);
  /** The link's run being compared with the run here, and the experiment (search key) it is of. */
  private against = $state.raw<{ run: RecordedRun; key: string } | null>(null);

  constructor(private readonly lab: RecordedHost, linked: RecordedRun | null) {
    this.linked = linked;
  }

  /**
   * This lab's own finished run: a search run here (not the link's policy) and the heal of its
   * best policy. Null until both are done.
   */
  get local(): RecordedRun | null {
    const { search, heal, model } = this.lab;
    const r = heal.report;
    if (search.source !== 'search' || search.status !== 'done' || !search.best || !r || r.source !== 'policy' || !r.policy) return null;
    if (r.policy.prunedCounts.join() !== search.best.prunedCounts.join()) return null;
    return recordRun(search.log, r, model.backend?.name);
  }

  /** What a link carries: this lab's own finished run, else the link's while its policy is in force. */
  get linkRun(): RecordedRun | null {
    return this.local ?? (this.lab.search.shared ? this.linked : null);
  }

  /**
   * The sender's run to show: the one being compared (while the experiment is the same), else the
   * link's until a run here (or another model) replaced its policy.
   */
  get shown(): RecordedRun | null {
    if (this.against) return this.against.key === this.lab.search.key ? this.against.run : null;
    return this.lab.search.shared && !this.local ? this.linked : null;
  }

  /** The sender's stages beside this machine's, once "Run it here" finished (else empty). */
  get rows(): ComparisonRow[] {
    const here = this.against && this.shown ? this.local : null;
    return here ? compareRuns(this.against!.run, here) : [];
  }

  /** Whether "Run it here" can start now. */
  get canRun(): boolean {
    return !!this.shown && !this.running && !this.lab.search.active && !this.lab.heal.active;
  }

  /**
   * Runs the link's experiment here: the search (its settings and seed are the link's), which
   * applies and scores the best policy (Lab's afterSearch), then — when the sender fine-tuned —
   * the heal with fine-tuning, so every recorded stage has its counterpart.
   */
  async runHere(): Promise<void> {
    const run = this.shown;
    if (!run || !this.canRun) return;
    this.against = { run, key: this.lab.search.key };
    this.running = true;
    try {
      await this.lab.search.start();
      const fineTuned = run.stages.some((s) => s.key === 'epoch');
      if (this.lab.search.status === 'done' && fineTuned && this.lab.config.ftEpochs > 0) await this.lab.heal.run('policy', true);
    } finally {
      this.running = false;
    }
  }
}
