import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';

export function directoryRoutes(_app: FastifyInstance, _deps: Deps): void {
  // Routes of this capability are registered here.
}
