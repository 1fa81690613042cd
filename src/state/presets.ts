/**
 * Applying a search preset (SEARCH_PRESETS in config.ts): every setting it names, its model, and
 * its data when that is available (else the data module's notice asks for it). One click of the
 * Search panel's preset menu; the model reloads once when the model or the data changes.
 */
import { SEARCH_PRESETS, type LabConfig } from './config.ts';
import type { DatasetKey } from '../worker/protocol.ts';

/** What applying a preset reads and drives (the Lab). */
export interface PresetHost {
  readonly config: LabConfig;
  readonly data: { readonly key: DatasetKey; use(key: DatasetKey): Promise<boolean> };
  readonly search: { readonly active: boolean; showSaved(): Promise<void> };
  readonly prune: { apply(): Promise<void> };
  readonly heal: { refreshSaved(): Promise<void> };
  loadModel(): Promise<void>;
}

/** Sets preset `key`; nothing while a search runs or for an unknown key. */
export async function applyPreset(lab: PresetHost, key: string): Promise<void> {
  const p = SEARCH_PRESETS.find((x) => x.key === key);
  if (!p || lab.search.active) return;
  const { model, data, ...settings } = p.settings;
  Object.assign(lab.config, settings);
  const dataChanged = lab.data.key !== data && (await lab.data.use(data));
  if (dataChanged || lab.config.model !== model) {
    lab.config.model = model;
    return lab.loadModel();
  }
  // Same model and data: the Prune panel's k-σ follows the preset's scope, and the saved search
  // and heal shown are those of the new settings.
  if (lab.config.k !== null) await lab.prune.apply();
  await lab.search.showSaved();
  await lab.heal.refreshSaved();
}
