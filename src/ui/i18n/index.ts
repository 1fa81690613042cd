/**
 * The UI's message catalog: one per language, the same keys, assembled from one section per part
 * of the page (each section file holds its English and its Chinese side by side, typed so that a
 * key missing in Chinese is a compile error). Keys are flat: a panel reads `m.key`; no two
 * sections may use the same key (test/state/i18n.test.ts). Names and units (VGG16, CIFAR-10,
 * WASM, MACs, top-1, …) stay as they are in both languages.
 */
import type { Lang } from '../../state/lang.ts';
import * as app from './app.ts';
import * as method from './method.ts';
import * as search from './search.ts';
import * as prune from './prune.ts';
import * as evaluate from './evaluate.ts';
import * as status from './status.ts';
import * as model from './model.ts';
import * as data from './data.ts';
import * as layers from './layers.ts';
import * as charts from './charts.ts';
import * as heal from './heal.ts';
import * as results from './results.ts';
import * as compare from './compare.ts';
import * as exporting from './export.ts';
import * as classes from './classes.ts';
import * as glossary from './glossary.ts';
import * as grid from './grid.ts';
import * as network from './network.ts';
import * as presenter from './presenter.ts';
import * as recorded from './recorded.ts';
import * as state from '../../state/words.ts';

/** Every section, by name: the catalog test checks each for shared keys and matching shapes. */
export const SECTIONS = { app, method, search, prune, evaluate, status, model, data, layers, charts, heal, results, compare, export: exporting, classes, glossary, grid, network, presenter, recorded, state } as const;

const en = {
  ...app.en, ...method.en, ...search.en, ...prune.en, ...evaluate.en, ...status.en, ...model.en,
  ...data.en, ...layers.en, ...charts.en, ...heal.en, ...results.en, ...compare.en, ...exporting.en, ...classes.en, ...glossary.en, ...grid.en, ...network.en, ...presenter.en, ...recorded.en, ...state.en,
};

export type Messages = typeof en;

const zh: Messages = {
  ...app.zh, ...method.zh, ...search.zh, ...prune.zh, ...evaluate.zh, ...status.zh, ...model.zh,
  ...data.zh, ...layers.zh, ...charts.zh, ...heal.zh, ...results.zh, ...compare.zh, ...exporting.zh, ...classes.zh, ...glossary.zh, ...grid.zh, ...network.zh, ...presenter.zh, ...recorded.zh, ...state.zh,
};

export const MESSAGES: Record<Lang, Messages> = { en, zh };
