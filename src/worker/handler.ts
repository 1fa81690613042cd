/** The shape of a worker request handler (worker/handlers/*.ts, tools-handlers.ts). */
import type { FullApi } from './tools-protocol.ts';

export interface Context<G> { progress: (p: G) => void; shouldCancel: () => boolean }
export type Handler<K extends keyof FullApi> = (params: FullApi[K]['params'], ctx: Context<FullApi[K]['progress']>) => Promise<FullApi[K]['result']> | FullApi[K]['result'];
export type Handlers<K extends keyof FullApi> = { [P in K]: Handler<P> };
