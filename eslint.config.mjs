// Lint: typescript-eslint's recommended rules, strict about `any` everywhere, on library, tests, bench and scripts.
import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const BROWSER_MESSAGE = "this folder runs in the browser too (the report's live figures): no Node APIs";

export default tseslint.config(
  { ignores: ["dist/", ".bench/", "node_modules/", "report/", ".jupyter/", ".venv/", ".e2e/", "**/*.ipynb"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // The code the report bundles for the browser (scripts/report-live.ts): the computing core, the replay and
    // page code, and the figure builders and number formats the page draws with. A Node API here would break
    // the report's live figures; tsconfig.browser.json checks the same without Node's types.
    files: [
      "src/linalg/**",
      "src/random/**",
      "src/model/**",
      "src/train/**",
      "src/autograd/**",
      "src/replay/**",
      "src/browser/**",
      "src/plot/**",
      "src/format/**",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({ name, message: BROWSER_MESSAGE })),
          patterns: [{ group: ["node:*"], message: BROWSER_MESSAGE }],
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["process", "Buffer", "require", "__dirname", "__filename", "global", "setImmediate"].map((name) => ({
          name,
          message: BROWSER_MESSAGE,
        })),
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
