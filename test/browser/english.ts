/**
 * What of a page is still English in Chinese mode: each visible text, tooltip, aria-label and
 * option is read, names and units (VGG16, CIFAR-10, WASM, MACs, layer names, …) are taken out,
 * and what still holds a word of Latin letters is returned. Shared by the browser tests that walk
 * the page in Chinese.
 */
import type { Page } from 'playwright-core';

// Names and units that stay as they are in Chinese (the catalog's rule, src/ui/i18n/index.ts).
const NAMES = new RegExp(String.raw`\b(VGG16|VGG-S|VGG|ResNet-\d+|CIFAR-10+|Shapes-10|WASM|WebGPU|WebGL2?|CPU|GPU|CIFAR|https?|MACs|FLOPs|[Tt]op-1|DDPG|AMC|RL|EagleEye|HRank|APoZ|METHOD|PyTorch|tfjs|XNNPACK|BatchNorm|BN|ReLU|SGD|SIMD|JSON|CSV|PNG|JPEG|Markdown|MiB|MB|KiB|KB|GiB|ETA|thop|L[12]|IndexedDB|URL|CORS|gzip|CSR|float(16|32|64)|int32|Hugging Face|parquet|LayersModel|kernel|English|` +
  // Keras layer types the importer names, and citations such as Luo17.
  String.raw`InputLayer|Conv2D|Dense|BatchNormalization|Activation|(Max|Average|GlobalAverage|GlobalMax)Pooling2D|Flatten|Dropout|Add|ZeroPadding2D|Softmax|OptionAShortcut|[A-Z][a-z]+\d{2}|` +
  // Layer names, file names, links and exponents.
  String.raw`[a-z]+\d+(_\d+)?|[\w.-]+\.(json|bin|tar|gz|csv|md|png)|https?:\/\/\S+|\?[a-z]+=\S*|e[-+]?\d+|k-σ|wasm|webgpu|webgl|cpu)\b`, 'g');

/** What is visible on the page and still holds a word of Latin letters after the names are removed. */
export async function englishOnScreen(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    // What a click shows counts too: every disclosure is opened first.
    for (const d of document.querySelectorAll('details')) d.open = true;
    const visible = (el: Element | null) => !!el && (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('script, style, code, kbd, [data-i18n-skip]') || !visible(parent)) continue;
      if (parent.tagName === 'OPTION' || parent.tagName === 'TEXTAREA') continue;
      if (n.textContent!.trim()) out.push(n.textContent!.trim());
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (!visible(el) && el.tagName !== 'CANVAS') continue;
      for (const a of ['title', 'aria-label', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push(v); }
    }
    for (const o of document.querySelectorAll('select option')) if (visible(o.parentElement)) out.push(o.textContent!.trim());
    return out;
  });
  // Each offender with the words that made it one.
  return [...new Set(texts)].flatMap((t) => { const w = t.replace(NAMES, ' ').match(/[A-Za-z]{3,}/g); return w ? [`${t} ⟨${w.join(' ')}⟩`] : []; });
}

