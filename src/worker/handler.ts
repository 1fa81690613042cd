/** The shape of a worker request handler (lab.worker.ts and the handler modules beside it). */
import type { LabApi, ProgressInfo, RequestType } from './protocol.ts';

export interface Context { progress: (p: ProgressInfo) => void; shouldCancel: () => boolean }
export type Handler<K extends RequestType> = (params: LabApi[K]['params'], ctx: Context) => Promise<LabApi[K]['result']> | LabApi[K]['result'];
export type Handlers<K extends RequestType> = { [P in K]: Handler<P> };
