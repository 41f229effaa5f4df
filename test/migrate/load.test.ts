// loadConfig and loadRevisions on temporary projects written by the tests: TypeScript loaded through tsx.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  ConfigNotFoundError,
  defineConfig,
  DuplicateRevisionError,
  loadConfig,
  loadRevisions,
  MissingRevisionError,
  RevisionFileError,
  RevisionGraph,
} from "../../src/migrate/index.js";
import { MetaData } from "../../src/index.js";

/** The repository's src/ folder, which the temporary projects import Athanor from. */
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const roots: string[] = [];

/** A temporary project holding `files` (path relative to the project → text); gives its root. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "athanor-load-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const MODELS = `
import { Integer, String } from "${SRC}index.js";
import { column, declarativeBase, mapped, relationship } from "${SRC}orm/index.js";

export const Base = declarativeBase({ naming: "snake_case" });

@mapped
export class Author extends Base.Model("authors", {
  id: column(Integer()).primaryKey(),
  name: column(String(100)),
  books: relationship.many(() => Book, { backPopulates: "author" }),
}) {}

@mapped
export class Book extends Base.Model("books", {
  id: column(Integer()).primaryKey(),
  title: column(String(200)),
  authorId: column(Integer()).references(() => Author.id),
  author: relationship.one(() => Author, { backPopulates: "books" }),
}) {}
`;

/** A revision file's text. */
function revisionFile(id: string, down: string, extra = ""): string {
  return `
export const revision = "${id}";
export const downRevision = ${down};
export const message = "revision ${id}";
${extra}
export function upgrade(op: unknown): void {}
export function downgrade(op: unknown): void {}
`;
}

describe("defineConfig", () => {
  it("gives the config back unchanged", () => {
    const metadata = new MetaData();
    const config = { url: "sqlite://", metadata, versionTable: "versions" };
    expect(defineConfig(config)).toBe(config);
  });
});

describe("loadConfig", () => {
  it("imports a TypeScript config whose models use TC39 decorators through a .js specifier", async () => {
    const root = project({
      "package.json": JSON.stringify({ type: "module" }),
      "src/models.ts": MODELS,
      "athanor.config.ts": `
import { defineConfig } from "${SRC}migrate/index.js";
import { Base } from "./src/models.js";

// Not part of a config: shows the test which classes @mapped mapped.
const mapped = Base.registry.mappers.map((m) => m.className);
export default defineConfig({ url: "sqlite:///app.db", metadata: Base.metadata, mapped });
`,
    });
    const config = await loadConfig(join(root, "athanor.config.ts"));
    expect(config.path).toBe(join(root, "athanor.config.ts"));
    expect(config.url).toBe("sqlite:///app.db");
    expect([...config.metadata.tables.keys()]).toEqual(["authors", "books"]);
    expect(config.metadata.table("books")?.column("authorId").name).toBe("author_id");
    expect((config.config as unknown as { mapped: unknown }).mapped).toEqual(["Author", "Book"]);
    expect(config.versionsDirectory).toBe(join(root, "migrations", "versions"));
    expect(config.versionTable).toBe("athanor_version");
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads athanor.config.ts in the working directory by default, in a CommonJS package too", async () => {
    const root = project({
      "models.ts": MODELS,
      "athanor.config.ts": `
import { defineConfig } from "${SRC}migrate/index.js";
import { Base } from "./models.js";

export default defineConfig({
  url: "postgresql://app@localhost/app",
  metadata: Base.metadata,
  migrations: { directory: "db/revisions" },
  versionTable: "schema_version",
});
`,
    });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const config = await loadConfig();
      expect(config.path).toBe(join(root, "athanor.config.ts"));
      expect(config.versionsDirectory).toBe(join(root, "db", "revisions"));
      expect(config.versionTable).toBe("schema_version");
      expect([...config.metadata.tables.keys()]).toEqual(["authors", "books"]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("names the path when there is no config file", async () => {
    const root = project({});
    const path = join(root, "athanor.config.ts");
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect((error as ConfigNotFoundError).path).toBe(path);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("athanor init");
  });

  it("names the path when the module has no default export", async () => {
    const root = project({ "athanor.config.ts": `export const url = "sqlite://";\n` });
    const path = join(root, "athanor.config.ts");
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
    expect((error as Error).message).toMatch(/has no default export: write `export default defineConfig/);
    expect((error as Error).message).toContain(path);
  });

  it("rejects a default export that is not a config, naming the field", async () => {
    const root = project({
      "package.json": JSON.stringify({ type: "module" }),
      "a.config.ts": `export default 42;\n`,
      "b.config.ts": `export default { url: "sqlite://" };\n`,
      "c.config.ts": `export default { url: 5, metadata: {} };\n`,
    });
    await expect(loadConfig(join(root, "a.config.ts"))).rejects.toThrow(/default export of .*a\.config\.ts is 42/);
    await expect(loadConfig(join(root, "b.config.ts"))).rejects.toThrow(/has metadata undefined: give the models'/);
    await expect(loadConfig(join(root, "c.config.ts"))).rejects.toThrow(/has url 5: give the database URL/);
  });

  it("names the path when the config fails to load", async () => {
    const root = project({ "athanor.config.ts": `export default {{ url: ;\n` });
    const path = join(root, "athanor.config.ts");
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`The config file ${path} failed to load`);
  });
});

describe("loadRevisions", () => {
  it("builds the graph from three revision files, skipping __* and .d.ts files", async () => {
    const root = project({
      "versions/1a2b3c4d5e6f_create_authors.ts": revisionFile("1a2b3c4d5e6f", "null"),
      "versions/2b3c4d5e6f70_create_books.ts": revisionFile(
        "2b3c4d5e6f70",
        `"1a2b3c4d5e6f"`,
        `export const branchLabels = "books";`,
      ),
      "versions/3c4d5e6f7081_add_index.ts": revisionFile(
        "3c4d5e6f7081",
        `["2b3c4d5e6f70"]`,
        `export const dependsOn = null;`,
      ),
      "versions/__helpers.ts": `export const x = 1;\n`,
      "versions/types.d.ts": `export declare const y: number;\n`,
      "versions/README.md": "not a revision\n",
    });
    const scripts = await loadRevisions(join(root, "versions"));
    expect(scripts.map((s) => s.revision)).toEqual(["1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"]);
    expect(scripts[0]?.path).toBe(join(root, "versions", "1a2b3c4d5e6f_create_authors.ts"));
    expect(scripts[0]?.message).toBe("revision 1a2b3c4d5e6f");
    expect(typeof scripts[2]?.upgrade).toBe("function");
    const graph = RevisionGraph.from(scripts);
    expect(graph.heads).toEqual(["3c4d5e6f7081"]);
    const head = graph.require("3c4d5e6f7081");
    expect(head.downRevisions).toEqual(["2b3c4d5e6f70"]);
    expect(head.branchLabels).toEqual(["books"]);
    expect(head.path).toBe(join(root, "versions", "3c4d5e6f7081_add_index.ts"));
  });

  it("loads .js revision files and helpers imported with .js specifiers, and reads changed files again", async () => {
    const root = project({
      "package.json": JSON.stringify({ type: "module" }),
      "v/__helpers.ts": `export const MESSAGE: string = "from the helper";\n`,
      "v/1a2b3c4d5e6f_first.ts": revisionFile("1a2b3c4d5e6f", "null").replace(
        'export const message = "revision 1a2b3c4d5e6f";',
        'import { MESSAGE } from "./__helpers.js";\nexport const message = MESSAGE;',
      ),
      "v/2b3c4d5e6f70_second.js": revisionFile("2b3c4d5e6f70", `"1a2b3c4d5e6f"`).replace(/: (unknown|void)/g, ""),
    });
    const first = await loadRevisions(join(root, "v"));
    expect(first.map((s) => [s.revision, s.message])).toEqual([
      ["1a2b3c4d5e6f", "from the helper"],
      ["2b3c4d5e6f70", "revision 2b3c4d5e6f70"],
    ]);
    writeFileSync(join(root, "v", "__helpers.ts"), `export const MESSAGE = "changed";\n`);
    const second = await loadRevisions(join(root, "v"));
    expect(second[0]?.message).toBe("changed");
  });

  it("lets the graph name the files of a duplicate id and of a missing parent", async () => {
    const dup = project({
      "v/1a2b3c4d5e6f_one.ts": revisionFile("1a2b3c4d5e6f", "null"),
      "v/1a2b3c4d5e6f_two.ts": revisionFile("1a2b3c4d5e6f", "null"),
    });
    const scripts = await loadRevisions(join(dup, "v"));
    expect(() => RevisionGraph.from(scripts)).toThrow(DuplicateRevisionError);
    expect(() => RevisionGraph.from(scripts)).toThrow(/1a2b3c4d5e6f_one\.ts[\s\S]*1a2b3c4d5e6f_two\.ts/);
    const missing = project({ "v/1a2b3c4d5e6f_one.ts": revisionFile("1a2b3c4d5e6f", `"ffffffffffff"`) });
    const orphans = await loadRevisions(join(missing, "v"));
    expect(() => RevisionGraph.from(orphans)).toThrow(MissingRevisionError);
    expect(() => RevisionGraph.from(orphans)).toThrow(/1a2b3c4d5e6f_one\.ts/);
  });

  /** The error loading the one revision file `name` with `text` throws. */
  async function failure(name: string, text: string): Promise<RevisionFileError> {
    const root = project({ [`v/${name}`]: text });
    const error = await loadRevisions(join(root, "v")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RevisionFileError);
    const e = error as RevisionFileError;
    expect(e.path).toBe(join(root, "v", name));
    expect(e.message).toContain(join(root, "v", name));
    return e;
  }

  it("rejects a revision id that is not 12 hex characters, naming the file and the export", async () => {
    const e = await failure("abc_short.ts", revisionFile("abc", "null"));
    expect(e.exportName).toBe("revision");
    expect(e.message).toMatch(/The export 'revision' .* is "abc": export the revision id, 12 lower-case hex/);
  });

  it("rejects a revision id that does not match the file name", async () => {
    const e = await failure("1a2b3c4d5e6f_one.ts", revisionFile("0000aaaa1111", "null"));
    expect(e.exportName).toBe("revision");
    expect(e.message).toContain('is "0000aaaa1111" but the file name starts with "1a2b3c4d5e6f"');
  });

  it("rejects a missing upgrade function", async () => {
    const text = `export const revision = "1a2b3c4d5e6f";\nexport const downRevision = null;\nexport function downgrade() {}\n`;
    const e = await failure("1a2b3c4d5e6f_one.ts", text);
    expect(e.exportName).toBe("upgrade");
    expect(e.message).toMatch(/The export 'upgrade' .* is missing: export function upgrade\(op: Operations\)/);
  });

  it("rejects a missing downRevision and a downRevision of the wrong type", async () => {
    const missing = `export const revision = "1a2b3c4d5e6f";\nexport function upgrade() {}\nexport function downgrade() {}\n`;
    expect((await failure("1a2b3c4d5e6f_one.ts", missing)).exportName).toBe("downRevision");
    const e = await failure("1a2b3c4d5e6f_one.ts", revisionFile("1a2b3c4d5e6f", "[1, 2]"));
    expect(e.exportName).toBe("downRevision");
    expect(e.message).toContain("is an array: export a revision id, a list of them, or null");
  });

  it("names the file of a syntax error", async () => {
    const e = await failure(
      "1a2b3c4d5e6f_broken.ts",
      `export const revision = "1a2b3c4d5e6f"\nexport function upgrade( {\n`,
    );
    expect(e.exportName).toBeNull();
    expect(e.message).toMatch(/The revision file .*1a2b3c4d5e6f_broken\.ts failed to load: /);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it("names the directory when it does not exist", async () => {
    const root = project({});
    await expect(loadRevisions(join(root, "nope"))).rejects.toThrow(/Cannot read the versions directory .*nope/);
  });
});
