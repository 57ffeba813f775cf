import { defineConfig } from "vitest/config";

// No React plugin: esbuild compiles JSX (automatic runtime) by itself, and the plugin does
// not install with every npm this project meets. The gateway serves dist/ at /.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The CSP allows no inline scripts; keep every module an external file.
    modulePreload: { polyfill: false },
    rollupOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client" (for React Server Components); a
        // client-only bundle has nothing to do with it.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", ws: true },
      "/openapi.json": "http://127.0.0.1:8000",
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
