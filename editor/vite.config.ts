// Builds the browser editor into editor/dist, which the server serves at `/`.
// Everything (Monaco, its editor worker, the parser, checker and engine) is bundled: no CDN at run time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const editorRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: editorRoot,
  base: './', // relative asset URLs: the page works wherever the server mounts it
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000, // Monaco's core is one big chunk by nature
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  server: { fs: { allow: [repoRoot] } }, // dev server: the editor imports ../dsl and ../engine
});
