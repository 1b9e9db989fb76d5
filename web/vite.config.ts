import { build as esbuild } from 'esbuild';
import { defineConfig, loadEnv, type Plugin } from 'vite';

const webDir = new URL('.', import.meta.url).pathname;

/** `/sw-push.js`: the service worker's Web Push handlers, TypeScript bundled to a classic script for `importScripts`. */
function serviceWorkerPush(): Plugin {
  return {
    name: 'relais-sw-push',
    apply: 'build',
    async generateBundle() {
      const result = await esbuild({
        entryPoints: [`${webDir}src/notifications/sw-push-entry.ts`],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2022',
        minify: true,
      });
      const [output] = result.outputFiles;
      if (!output) throw new Error('sw-push.js: esbuild produced nothing');
      this.emitFile({ type: 'asset', fileName: 'sw-push.js', source: output.text });
    },
  };
}

export default defineConfig(({ mode }) => {
  // RELAIS_API_URL lets `vite preview` talk to a server on another port (e.g. a test server).
  const apiTarget = loadEnv(mode, webDir, 'RELAIS_').RELAIS_API_URL ?? 'http://127.0.0.1:3000';
  const proxy = { '/api': { target: apiTarget, changeOrigin: false, ws: true } };
  return {
    root: webDir,
    esbuild: { jsx: 'automatic' },
    plugins: [serviceWorkerPush()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      target: 'es2022',
      rollupOptions: {
        output: {
          // Libraries change less often than the app: separate files stay cached across releases.
          manualChunks(id: string) {
            if (!id.includes('node_modules')) return undefined;
            if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
            if (id.includes('node_modules/@mantine/') || id.includes('node_modules/@floating-ui/'))
              return 'mantine';
            if (id.includes('node_modules/zod/')) return 'zod';
            return 'vendor';
          },
        },
      },
    },
    server: { host: '127.0.0.1', port: 5173, proxy },
    preview: { host: '127.0.0.1', port: 4173, proxy },
  };
});
