/**
 * The model in the worker: the compute backend it runs on, the zoo model (trained or seeded
 * weights) or the user's imported LayersModel, and the layer the histogram shows. Loading is
 * checked in full by the worker; on an import failure the current model stays.
 */
import type { BackendInfo } from '../core/backend.ts';
import type { ModelSummary } from '../core/pipeline/prune-spec.ts';
import { shippedFor, type ModelCardSummary } from '../core/models/shipped.ts';
import type { DatasetKey } from '../worker/protocol.ts';
import type { ImportedModel } from '../worker/protocol.ts';
import { DATASETS, DEFAULT_CONFIG, isModelUrl } from './config.ts';
import type { LabCore } from './host.ts';

/** What the model needs beyond LabCore: the data in use (its classes) and its test split's description. */
export interface ModelHost {
  readonly data: { readonly key: DatasetKey; refreshInfo(generation: number): Promise<boolean> };
  /** Where shipped weights live (the page's base URL). */
  readonly baseUri: string;
}

export class ModelState {
  backend = $state.raw<BackendInfo | null>(null);
  summary = $state.raw<ModelSummary | null>(null);
  /** The imported model in use (null for a zoo model): its name, layer types, and where it came from. */
  imported = $state.raw<{ name: string; layerTypes: string[]; source: 'files' | string } | null>(null);

  constructor(private readonly lab: LabCore, private readonly host: ModelHost) {}

  /** The layer shown in the histogram (the URL's, or the first prunable one). */
  get selectedLayer(): string {
    const names = this.summary?.layers.map((l) => l.name) ?? [];
    return names.includes(this.lab.config.layer) ? this.lab.config.layer : (names[0] ?? '');
  }

  /** The shipped trained weights for the configured model on the dataset in use, if any. */
  get trainedCard(): ModelCardSummary | undefined {
    return shippedFor(this.lab.config.model, this.host.data.key);
  }

  private get classes(): number {
    return DATASETS.find((d) => d.key === this.host.data.key)?.classes ?? 10;
  }

  /** Starts the backend; a forced one that cannot start falls back to the automatic choice with a notice. */
  async startBackend(): Promise<boolean> {
    const lab = this.lab;
    await lab.run(lab.words.busyStartingBackend, async () => {
      try {
        this.backend = await lab.client.request('init', { backend: lab.config.backend ?? undefined, threads: lab.config.threads || undefined });
      } catch (err) {
        if (!lab.config.backend) throw err;
        lab.notify(lab.words.noteAutoBackend(err instanceof Error ? err.message : String(err)));
        lab.config.backend = null;
        this.backend = await lab.client.request('init', { threads: lab.config.threads || undefined });
      }
    });
    return !!this.backend;
  }

  /**
   * Builds the configured model for the data in use (a model.json URL is imported; on failure
   * the default zoo model is built, with a notice). Does nothing more once `generation` is stale.
   */
  async load(generation: number): Promise<void> {
    const lab = this.lab;
    const stale = () => generation !== lab.modelGeneration;
    await lab.run(isModelUrl(lab.config.model) ? lab.words.busyImporting : lab.words.busyLoadingModel, async () => {
      let summary: ModelSummary | null = null;
      if (isModelUrl(lab.config.model)) {
        const url = lab.config.model;
        try {
          const r = await lab.client.request('importModel', { source: { kind: 'url', url }, numClasses: this.classes });
          if (stale()) return;
          summary = r.summary;
          this.imported = { name: r.name, layerTypes: r.layerTypes, source: url };
        } catch (err) {
          if (stale()) return;
          lab.notify(lab.words.noteDefaultModel(err instanceof Error ? err.message : String(err), DEFAULT_CONFIG.model));
          lab.config.model = DEFAULT_CONFIG.model;
        }
      }
      if (!summary) {
        this.imported = null;
        const card = lab.config.weights === 'trained' ? this.trainedCard : undefined;
        const weights = card ? { name: card.name, url: new URL(`models/${card.name}/`, this.host.baseUri).href } : undefined;
        summary = await lab.client.request('loadModel', { model: lab.config.model, numClasses: this.classes, seed: lab.config.seed, weights });
      }
      if (stale()) return;
      await this.adopt(summary, generation);
    });
  }

  /**
   * Imports the user's LayersModel from picked or dropped files (model.json + .bin shards). The
   * worker checks it in full first: on any problem the error is shown, the current model stays,
   * and this resolves undefined.
   */
  importFiles(files: File[]): Promise<ImportedModel | undefined> {
    return this.lab.run(this.lab.words.busyImporting, () => this.lab.client.request('importModel', { source: { kind: 'files', files }, numClasses: this.classes }));
  }

  /** Takes over a model the worker now holds: the dataset in use, the layer shown. */
  async adopt(summary: ModelSummary, generation: number): Promise<void> {
    this.summary = summary; // the worker holds this model now, whatever happens next
    if (!(await this.host.data.refreshInfo(generation))) return;
    const layer = this.lab.config.layer;
    if (layer && !summary.layers.some((l) => l.name === layer)) {
      this.lab.notify(this.lab.words.noteNoLayer(layer, summary.weightsName ?? summary.key, summary.layers[0].name));
      this.lab.config.layer = '';
    }
  }
}
