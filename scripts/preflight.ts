/**
 * First step of `npm test`: stops at once, with one line, when no browser is installed, and says
 * in one line which tests are skipped for want of CIFAR-10 (in CI, where nothing may be skipped
 * silently, a missing data set stops the run instead).
 */
import { existsSync } from 'node:fs';
import { BROWSER_HINT, CIFAR10_HINT, cifar10Candidates, findBrowser, findCifar10, isGoldenCopy } from './local-env.ts';

const browser = findBrowser();
if (!browser || !existsSync(browser)) {
  console.error(`npm test needs a browser and found none${browser ? ` at CHROMIUM_PATH=${browser}` : ''}: ${BROWSER_HINT}.`);
  process.exit(1);
}
const cifar = findCifar10();
if (cifar && !isGoldenCopy(cifar)) {
  const msg = `CIFAR-10 in ${cifar} is not the copy the shipped models' cards and the PyTorch goldens were computed on (../shared/data's, see scripts/local-env.ts)`;
  if (process.env.CI) {
    console.error(`${msg}; in CI that is a failure, not a skip.`);
    process.exit(1);
  }
  console.warn(`${msg}: the tests that compare with those figures are skipped.`);
}
if (!cifar) {
  const where = cifar10Candidates().join(', ');
  if (process.env.CI) {
    console.error(`CIFAR-10 not found (${where}); in CI that is a failure, not a skip: ${CIFAR10_HINT}.`);
    process.exit(1);
  }
  console.warn(`CIFAR-10 not found (${where}): the tests that need the real images are skipped; ${CIFAR10_HINT}.`);
}
