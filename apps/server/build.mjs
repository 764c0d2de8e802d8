import { build } from "esbuild";

// One ESM file for the server; dependencies stay in node_modules, the contracts package is bundled in.
await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  packages: "external",
  alias: {
    "@helpdesk/contracts/constants": "../../packages/contracts/src/constants.ts",
    "@helpdesk/contracts/skill-names": "../../packages/contracts/src/skill-names.ts",
    "@helpdesk/contracts": "../../packages/contracts/src/index.ts",
  },
  logLevel: "warning",
});
