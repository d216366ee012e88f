// The TextMate grammar tokenises every example, the stdlib and the docs' scene blocks
// without leaving a character unclaimed: each non-space character gets a scope beyond the
// file's own (an unrecognised character would show up here as a bare `source.scene`).
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.resolve(__dirname, "../../..");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;

async function registry() {
  await oniguruma.loadWASM(wasm);
  return new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(path.join(__dirname, "../syntaxes/scene.tmLanguage.json"), "utf8"), "scene.tmLanguage.json"),
  });
}

function sources() {
  const out = [];
  for (const dir of ["examples", "crates/reel-check/stdlib"]) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".scene")).sort()) {
      out.push([`${dir}/${f}`, fs.readFileSync(path.join(root, dir, f), "utf8")]);
    }
  }
  const reference = fs.readFileSync(path.join(root, "docs/reference.md"), "utf8");
  let n = 0;
  for (const m of reference.matchAll(/```scene\n([\s\S]*?)```/g)) out.push([`docs/reference.md block ${++n}`, m[1]]);
  return out;
}

function tokenise(grammar, text) {
  let stack = vsctm.INITIAL;
  const lines = [];
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, stack);
    lines.push({ line, tokens: r.tokens });
    stack = r.ruleStack;
  }
  return lines;
}

test("every example, stdlib file and reference block tokenises with every character claimed", async () => {
  const grammar = await (await registry()).loadGrammar("source.scene");
  assert.ok(grammar, "the grammar loads");
  const files = sources();
  assert.ok(files.length >= 10, `only ${files.length} sources`);
  for (const [name, text] of files) {
    for (const [i, { line, tokens }] of tokenise(grammar, text).entries()) {
      for (const t of tokens) {
        const piece = line.slice(t.startIndex, t.endIndex);
        if (piece.trim() === "") continue;
        assert.ok(t.scopes.length > 1, `${name}:${i + 1}: \`${piece}\` has no scope beyond source.scene`);
      }
    }
  }
});

test("the grammar knows what it is looking at", async () => {
  const grammar = await (await registry()).loadGrammar("source.scene");
  const scopes = (line) => grammar.tokenizeLine(line, vsctm.INITIAL).tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)]);
  const find = (line, piece) => scopes(line).find(([p]) => p === piece)?.[1];
  assert.strictEqual(find("actor wukong = humanoid {", "humanoid"), "support.class.archetype.scene");
  assert.strictEqual(find("    jump up 25cm forward 40cm as leap", "cm"), "keyword.other.unit.scene");
  assert.strictEqual(find("    at leap.apex freeze 4s {", "apex"), "entity.name.tag.event.scene");
  assert.strictEqual(find("    color #c8912e", "#c8912e"), "constant.other.color.scene");
  assert.strictEqual(find("// a comment", "// a comment"), "comment.line.double-slash.scene");
  assert.strictEqual(find('scene "Wukong \\"leaps\\""', "\\\""), "constant.character.escape.scene");
  assert.strictEqual(find("set street { time evening }", "set"), "keyword.declaration.scene");
  assert.strictEqual(find("set street { time evening }", "street"), "support.class.archetype.scene");
});
