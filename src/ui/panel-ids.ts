/** The DOM id of each panel (`Panel`'s data-testid and `<section>`), by the key a link uses. */
import type { PanelKey } from '../state/config.ts';

export const PANEL_IDS: Record<PanelKey, string> = {
  model: 'model-panel', data: 'data-panel', prune: 'prune-panel', eval: 'eval-panel', search: 'search-panel', heal: 'heal-panel',
  results: 'results-panel', histogram: 'histogram-panel', layers: 'layer-table', compare: 'compare-panel', export: 'export-panel',
};
