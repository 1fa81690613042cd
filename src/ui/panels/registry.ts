/** The component of each panel, by the key PANELS (state/config.ts) gives it: the only list of panel components. */
import type { Component } from 'svelte';
import type { Lab } from '../../state/lab.svelte.ts';
import type { PanelKey } from '../../state/config.ts';
import ModelPanel from './ModelPanel.svelte';
import DataPanel from './DataPanel.svelte';
import PrunePanel from './PrunePanel.svelte';
import EvalPanel from './EvalPanel.svelte';
import NetworkPanel from './NetworkPanel.svelte';
import SearchPanel from './SearchPanel.svelte';
import HealPanel from './HealPanel.svelte';
import ResultsPanel from './ResultsPanel.svelte';
import HistogramPanel from './HistogramPanel.svelte';
import LayerTable from './LayerTable.svelte';
import ComparePanel from './ComparePanel.svelte';
import ExportPanel from './ExportPanel.svelte';

export const PANEL_COMPONENTS: Record<PanelKey, Component<{ lab: Lab; id: string }>> = {
  model: ModelPanel, data: DataPanel, prune: PrunePanel, eval: EvalPanel, network: NetworkPanel, search: SearchPanel, heal: HealPanel,
  results: ResultsPanel, histogram: HistogramPanel, layers: LayerTable, compare: ComparePanel, export: ExportPanel,
};
