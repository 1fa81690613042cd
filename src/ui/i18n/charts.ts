/**
 * The charts' own words (see index.ts): their accessible names and the bar chart's axis. Axis
 * titles and legends that panels pass in are the panels'. One section of the catalog; pure data
 * and formatting.
 */

export const en = {
  /** LineChart's accessible name, from the axis titles the panel passes. */
  chartLineAria: (yLabel: string, xLabel: string) => `${yLabel} against ${xLabel}`,
  chartBarSparsity: 'sparsity (%)',
  /** BarChart's axis; `target`: the target in percent, null when none is shown. */
  chartBarAxis: (target: string | null) => `weights pruned (%)${target !== null ? `, target ${target}%` : ''}`,
  chartBarAria: 'Per-layer sparsity of the best policy',
  chartHeatAria: 'Per-layer sparsity (rows) in each episode (columns); darker is sparser',
  chartHeatEpisodes: (n: number) => `episode 1 → ${n}`,
  chartHeatKey: 'sparsity',
};

export const zh: typeof en = {
  chartLineAria: (yLabel, xLabel) => `${yLabel} 随 ${xLabel} 的变化`,
  chartBarSparsity: '稀疏比（%）',
  chartBarAxis: (target) => `剪掉的权重（%）${target !== null ? `，目标 ${target}%` : ''}`,
  chartBarAria: '最佳策略的各层稀疏比',
  chartHeatAria: '各回合（列）中各层（行）的稀疏比；颜色越深越稀疏',
  chartHeatEpisodes: (n) => `回合 1 → ${n}`,
  chartHeatKey: '稀疏比',
};
