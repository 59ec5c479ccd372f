// The browser bundle of @taskgate/client: one ES module with socket.io-client and the protocol
// inlined, for a plain <script type="module"> with no bundler and no import map.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    outDir: 'dist/browser',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'taskgate-client.js' },
  },
});
