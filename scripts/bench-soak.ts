/**
 * Soak (`npm run bench -- --only=soak`): 500 search episodes on VGG-S / Shapes-10 with 200 reward
 * images in the lab's worker, sampling every 50 episodes the engine's tensor count, the wasm
 * heap and the page's memory (`performance.measureUserAgentSpecificMemory`, which counts the
 * worker too). Growth is measured from the first sample (episode 50) to the last, so start-up
 * allocations do not count. Goals: 0 tensors, under 5 MB.
 */
import type { Page } from 'playwright-core';

export interface SoakRow { name: string; value: number; unit: string; backend: string; model: string }

const EPISODES = 500;
const EVERY = 50;

export async function benchSoak(page: Page): Promise<SoakRow[]> {
  const r = await page.evaluate(async ({ episodes, every }) => {
    const w = window as unknown as { lab: { client: { request(t: string, p: unknown, on?: (p: { stage: string; done: number }) => void): Promise<{ samples: { episode: number; tensors: number; wasmBytes: number }[]; backend: string }> } } };
    const perf = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    const pages: Promise<{ episode: number; bytes: number | null }>[] = [];
    const result = await w.lab.client.request('benchSoak', { episodes, rewardImages: 200, every }, (p) => {
      // Only the search's samples (generating the images reports progress too).
      if (p.stage === 'bench soak' && p.done % every === 0) pages.push((perf.measureUserAgentSpecificMemory?.() ?? Promise.resolve(null)).then((m) => ({ episode: p.done, bytes: m ? m.bytes : null })));
    });
    return { ...result, pages: await Promise.all(pages) };
  }, { episodes: EPISODES, every: EVERY });
  const first = r.samples[0];
  const last = r.samples.at(-1)!;
  const pageBytes = r.pages.filter((p) => p.bytes !== null);
  const mb = (b: number) => b / 2 ** 20;
  const common = { backend: r.backend, model: 'vgg-s' };
  const rows: SoakRow[] = [
    { name: 'soak.tensor_growth', value: last.tensors - first.tensors, unit: `tensors, episode ${first.episode} → ${last.episode} (200 reward images)`, ...common },
    { name: 'soak.wasm_bytes_growth_mb', value: mb(last.wasmBytes - first.wasmBytes), unit: `MB of wasm heap, episode ${first.episode} → ${last.episode}`, ...common },
  ];
  if (pageBytes.length >= 2) rows.push({ name: 'soak.page_mb_growth', value: mb(pageBytes.at(-1)!.bytes! - pageBytes[0].bytes!), unit: `MB (measureUserAgentSpecificMemory), episode ${pageBytes[0].episode} → ${pageBytes.at(-1)!.episode}`, ...common });
  console.log(`soak: ${r.samples.map((s) => `${s.episode}: ${s.tensors} tensors, ${mb(s.wasmBytes).toFixed(1)} MB wasm`).join('; ')}`);
  console.log(`soak page memory: ${r.pages.map((p) => `${p.episode}: ${p.bytes === null ? 'n/a' : mb(p.bytes).toFixed(1)} MB`).join('; ')}`);
  return rows;
}
