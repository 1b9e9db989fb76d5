/** Entry of `/sw-push.js` (see vite.config.ts), loaded by `/sw.js` with `importScripts`. */
import { installPushHandlers } from './sw-push.ts';

installPushHandlers(self as unknown as ServiceWorkerGlobalScope);
