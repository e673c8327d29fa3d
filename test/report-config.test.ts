/**
 * report.config.json is read with the CLI's bounded reader: a BOM is tolerated, a folder, the zero device and
 * an oversized file are one clear error naming the file (the zero device once grew the report to 16.9 GB).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readConfig } from "../scripts/report-config";
import { UsageError } from "../scripts/report-out";

let tmp = "";
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "backprop-lab-config-"));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const TODAY = new Date(2026, 4, 1);

test("a config saved with a UTF-8 byte order mark is read", () => {
  const file = path.join(tmp, "bom.json");
  writeFileSync(file, "\uFEFF" + JSON.stringify({ title: "With BOM", author: "A. Student" }));
  const c = readConfig(file, TODAY);
  assert.equal(c.title, "With BOM");
  assert.equal(c.author, "A. Student");
});

test("a folder named as the config is one error saying it is a folder", () => {
  const dir = path.join(tmp, "folder.json");
  mkdirSync(dir);
  assert.throws(
    () => readConfig(dir, TODAY),
    (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, `${dir}: is a directory`);
      return true;
    },
  );
});

test("/dev/zero stops at its first byte: not a text file", () => {
  assert.throws(
    () => readConfig("/dev/zero", TODAY),
    (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, "/dev/zero: holds a NUL byte: not a text file");
      return true;
    },
  );
});

test("a config larger than a megabyte is refused before it is parsed", () => {
  const file = path.join(tmp, "huge.json");
  writeFileSync(file, `{"title": "${"x".repeat(2 << 20)}"}`);
  assert.throws(() => readConfig(file, TODAY), /huge\.json: is larger than \d+ bytes/);
});

test("a config with something else wrong is still named as invalid JSON", () => {
  const file = path.join(tmp, "bad.json");
  writeFileSync(file, "{ title: 1 }");
  assert.throws(() => readConfig(file, TODAY), /bad\.json is not valid JSON/);
});
