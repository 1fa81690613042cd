/**
 * The two test tiers, one table: `npm test` runs every test file except those named here, the
 * contributors' loop (at most 15 minutes on a 2-core machine without a GPU); `npm run test:slow`
 * runs these, each a long end-to-end run whose check no faster file makes. CI (`.ci/run`) runs
 * both, so nothing is dropped. vitest.config.ts reads this table, the README's Tests section is
 * rendered from it (`npm run docs:tables`), and test/docs/tiers.test.ts checks every entry names
 * a test file.
 */
export const SLOW_TESTS: Record<string, string> = {
  'test/browser/training.test.ts': 'twenty masked training steps of VGG-S and ResNet-20 on WebGPU, which SwiftShader emulates on the CPU (about 3 min each)',
  'test/browser/search.test.ts': 'whole DDPG searches in the page: the class demo preset cut to 12 episodes, the strict win over uniform on held-out images, a resumed run, one thread against the pool',
  'test/browser/device-loss.test.ts': 'a search and a fine-tuning run on SwiftShader WebGPU, lost and resumed on WASM',
  'test/core/models/pretrained-accuracy.test.ts': 'every shipped model scored on the wasm backend: VGG-S and ResNet-20 on the whole test split, VGG16 and ResNet-56 on 2,000 images',
  'test/browser/presenter.test.ts': 'the presenter view\'s five steps in Chinese, search and fine-tuning included',
  'test/core/pipeline/finetune-parity.test.ts': 'one epoch of fine-tuning (79 steps of 128) on wasm against the PyTorch float64 reference',
  'test/browser/recorded.test.ts': 'a search and a heal in the page, their link opened in a fresh browser, then "Run it here" runs both again',
  'test/browser/heal.test.ts': 'a recalibration and a fine-tuning in the page, reloaded mid-run and resumed to the same result',
  'test/browser/grid.test.ts': 'a heal, a search and a second heal in the page, for the prediction grid\'s healed and masks-only columns',
};
