import type { DirectoryImportResult, JobReply } from '@relais/contracts';
import { type RequestContext } from '../audit/append-audit.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { type AnnuaireFiles, type FileShape } from './annuaire-files.ts';
export declare const IMPORT_JOB_KIND = "directory_import";
export interface ImportDeps {
    database: Database;
    clock: Clock;
    log?: {
        error(obj: object, msg: string): void;
    };
}
export interface AnnuaireShapes {
    persons: FileShape<'persons'>;
    mssante: FileShape<'mssante'>;
}
/** A failure to tell support as it is (French); anything else is logged and reported as internal. */
export declare class ImportFailure extends Error {
}
/** Both headers, or a FileShapeError naming every missing column of both files: nothing is written before. */
export declare function checkAnnuaireFiles(files: AnnuaireFiles): Promise<AnnuaireShapes>;
export interface StartedImport {
    jobId: string;
    /** Runs the import to its end; the job row tells how it went (never rejects). */
    run(onProgress?: (progress: JobReply['progress']) => void | Promise<void>): Promise<DirectoryImportResult | null>;
}
/**
 * Support (or the CLI) starts an import: the files' shape is checked, then the job is created and audited in
 * one transaction. 409 while another import runs.
 */
export declare function startDirectoryImport(deps: ImportDeps, ctx: RequestContext, files: AnnuaireFiles, options?: {
    force?: boolean | undefined;
}): Promise<StartedImport>;
