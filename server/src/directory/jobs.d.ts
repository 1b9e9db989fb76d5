import type { DirectoryImportResult, JobLineError, JobReply } from '@relais/contracts';
import type { Clock } from '../clock.ts';
import { type DbOrTx } from '../db/client.ts';
/** A running job's process refreshes `heartbeat_at` this often; twice as long without it, the job is dead. */
export declare const HEARTBEAT_MS = 15000;
export declare function createJob(tx: DbOrTx, clock: Clock, kind: string, createdBy: string | null): Promise<string>;
/** The job of this kind still queued or running in a live process, if any. */
export declare function unfinishedJob(db: DbOrTx, clock: Clock, kind: string): Promise<string | null>;
export declare function markJobRunning(db: DbOrTx, clock: Clock, id: string): Promise<void>;
export declare function reportJobProgress(db: DbOrTx, clock: Clock, id: string, progress: JobReply['progress'], errors: JobLineError[]): Promise<void>;
export declare function finishJob(db: DbOrTx, clock: Clock, id: string, outcome: {
    state: 'succeeded';
    result: DirectoryImportResult;
} | {
    state: 'failed';
    failure: string;
}, progress: JobReply['progress'], errors: JobLineError[]): Promise<void>;
/** A job as support reads it; one whose process died reads as failed. */
export declare function readJob(db: DbOrTx, clock: Clock, id: string): Promise<JobReply | null>;
