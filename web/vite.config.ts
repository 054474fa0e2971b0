import { defineConfig } from "vite";

// Static files that `sunlight serve` ships: no CDN, nothing fetched at run time.
export default defineConfig({
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, sourcemap: false },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/log": "http://127.0.0.1:8080" } },
});
