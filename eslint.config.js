// Type-aware lint for the whole repo. Rules are never switched off "temporarily" (STYLE.md).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "coverage/**", "node_modules/**", "test-output/**", "bin/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "Decorator", message: "No decorators (STYLE.md)." },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Layering (STYLE.md "Dependencies point inward"): domain is pure; the engine sees ports only.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "better-sqlite3", "pg", "pg-boss", "hono", "hono/*", "@hono/*"], message: "domain is pure: no I/O imports." },
            { group: ["../intacct/*", "../bill/*", "../store/*", "../sync/*", "../queue/*", "../sandbox/*", "../http/*", "../cli/*"], message: "domain imports nothing from outer layers." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/intacct/**/*.ts", "src/bill/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../sandbox/*", "../../sandbox/*", "../http/*", "../../http/*", "../cli/*", "../../cli/*", "../store/*", "../../store/*"], message: "clients must not depend on sandboxes, store, http or cli." }] },
      ],
    },
  },
  {
    files: ["src/sandbox/**/*.ts", "src/sandbox/**/*.tsx"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../../intacct/client*", "../../intacct/session*", "../../intacct/retry*", "../../../intacct/client*", "../../bill/client*", "../../../bill/client*", "../../store/*", "../../sync/*", "../../http/*", "../../cli/*"], message: "sandboxes share the XML codec with the client, nothing else." }] },
      ],
    },
  },
  {
    files: ["src/sync/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../store/sqlite/*", "../store/postgres/*", "../sandbox/*", "../http/*", "../cli/*"], message: "the engine imports ports, never adapters." }] },
      ],
    },
  },
  {
    files: ["src/queue/**/*.ts", "src/connections/**/*.ts", "src/doctor/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../http/*", "../../http/*", "../cli/*", "../../cli/*", "../sandbox/*", "../../sandbox/*", "../store/sqlite/*", "../store/postgres/*"], message: "queue, connections and doctor sit below the composition roots: no http, cli, sandbox or store adapters." }] },
      ],
    },
  },
  {
    files: ["src/http/**/*.ts", "src/http/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/test-support.ts", "**/*-test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../cli/*", "../../cli/*", "../../../cli/*", "../sandbox/*", "../../sandbox/*", "../../../sandbox/*"], message: "the service does not depend on the CLI or the sandboxes." }] },
      ],
    },
  },
);
