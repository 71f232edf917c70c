/// <reference types="vitest/config" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import tailwindcss from '@tailwindcss/vite';
import { svelteTesting } from '@testing-library/svelte/vite';

// The Go binary embeds frontend/dist, so dist/.gitkeep must survive every
// build: a fresh clone compiles before anyone has built the frontend.
function keepGitkeep(): Plugin {
  return {
    name: 'inflow-keep-gitkeep',
    apply: 'build',
    closeBundle() {
      const dir = resolve(import.meta.dirname, 'dist');
      mkdirSync(dir, { recursive: true });
      writeFileSync(resolve(dir, '.gitkeep'), '');
    },
  };
}

export default defineConfig({
  plugins: [tailwindcss(), svelte(), svelteTesting(), keepGitkeep()],
  // No index.html fallback for unknown paths in `wails dev`: a 404 lets
  // Wails hand /course-media/... to the Go handler that serves course files.
  appType: 'mpa',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    setupFiles: ['src/test/setup.ts'],
  },
});
