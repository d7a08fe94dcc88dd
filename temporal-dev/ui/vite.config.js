import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // The UI calls its API relative to the page's own origin: temporal-dev serves /api/v1 on the UI port.
  define: {
    'import.meta.env.VITE_API': JSON.stringify(''),
    'import.meta.env.VITE_TEMPORAL_UI_BUILD_TARGET': JSON.stringify('local'),
    'import.meta.env.VITE_DARK_MODE': JSON.stringify(''),
  },
  build: { chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  logLevel: 'warn',
});
