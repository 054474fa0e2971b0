import { defineConfig } from "vite";

// Static files that `sunlight serve` ships: no CDN, nothing fetched at run time.
export default defineConfig({
  base: "/",
  // The charts library is loaded only by the dashboard, as its own chunk.
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/log": "http://127.0.0.1:8080" } },
});
