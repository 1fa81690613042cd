/** How the page is cross-origin isolated (the backend badge shows it); see src/sw/register.ts. */
import { isolationSource, type Isolation } from '../sw/register.ts';

export class IsolationState {
  by = $state<Isolation | null>(null);

  async load(): Promise<void> {
    this.by = await isolationSource();
  }
}
