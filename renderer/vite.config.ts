// Builds the renderer: root renderer/, output dist/renderer, served by the server at / and /join.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron's Chromium and current desktop browsers; no legacy transpilation.
    target: 'chrome120',
    sourcemap: true,
    // One chunk of ~135 kB gzipped (React, mediasoup-client, socket.io) served from the meeting server or the
    // desktop shell; splitting it would not make the lobby noticeably faster.
    chunkSizeWarningLimit: 800,
  },
});
