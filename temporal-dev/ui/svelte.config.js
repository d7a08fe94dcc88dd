// The Temporal Web UI as a static single-page app: karma-temporal-dev serves `build/` (copied beside its
// assembly as temporal-ui/) and answers every path that is not a file with index.html.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  // The package's components are TypeScript (some with enums, which need a real transpile) in Svelte 4 syntax.
  preprocess: vitePreprocess({ script: true }),
  compilerOptions: { compatibility: { componentApi: 4 } },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
  },
};
