// `reel watch` end to end in a real browser: Debian's headless Chromium, driven by
// playwright-core. The test starts the watcher on a scratch scene, opens its page, and
// sees the first preview (video, storyboard, event marks); saves a camera edit and sees
// the page show the new preview without a reload; saves a broken file and sees the
// diagnostic while the last good preview stays. Screenshots go to tests/browser/shots/.
import test from "node:test";
import assert from "node:assert";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const reel = process.env.REEL_BIN || path.join(root, "target/debug/reel");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = path.join(import.meta.dirname, "shots");

function startWatch(scene) {
  const child = spawn(reel, ["watch", "--port", "0", "--size", "64x36", scene], { stdio: ["ignore", "ignore", "pipe"] });
  const lines = readline.createInterface({ input: child.stderr });
  const port = new Promise((resolve, reject) => {
    lines.on("line", (l) => {
      const m = l.match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`reel watch exited with ${code}`)));
  });
  return { child, port };
}

test("the watch page follows edits and keeps the last good preview", { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(reel), `no reel binary at ${reel} (build it first)`);
  assert.ok(fs.existsSync(browserPath), `no Chromium at ${browserPath} (apt-get install chromium)`);
  fs.mkdirSync(shots, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reel-browser-"));
  const scene = path.join(dir, "w.scene");
  const src = fs.readFileSync(path.join(root, "examples/wukong.scene"), "utf8").replace("fps 30", "fps 8");
  fs.writeFileSync(scene, src);
  const { child, port: portP } = startWatch(scene);
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const port = await portP;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    // The first preview: a video, a storyboard that loaded, the simulation's events marked.
    await page.waitForFunction(() => document.getElementById("video").src.includes("preview.mp4"), null, { timeout: 240_000 });
    await page.waitForFunction(() => document.getElementById("board").naturalWidth > 0, null, { timeout: 60_000 });
    const marks = await page.$$eval("#marks span", (s) => s.map((e) => e.title));
    assert.ok(marks.some((t) => t.startsWith("leap.apex")), `event marks: ${marks}`);
    const firstSrc = await page.$eval("#video", (v) => v.src);
    await page.screenshot({ path: path.join(shots, "1-first-preview.png") });

    // A camera edit saved as editors do (temp file renamed over the scene): the page shows
    // the new preview by itself.
    const tmp = path.join(dir, ".w.scene.swp");
    fs.writeFileSync(tmp, src.replace("rise 40cm", "rise 60cm"));
    fs.renameSync(tmp, scene);
    await page.waitForFunction((old) => { const v = document.getElementById("video").src; return v.includes("preview.mp4") && v !== old; }, firstSrc, { timeout: 240_000 });
    const secondSrc = await page.$eval("#video", (v) => v.src);
    await page.screenshot({ path: path.join(shots, "2-after-edit.png") });

    // A broken save: the diagnostic appears over the page; the last good preview stays.
    fs.writeFileSync(scene, src.replace("closeup wukong.head", "closeup wukog.head"));
    await page.waitForFunction(() => getComputedStyle(document.getElementById("diag")).display !== "none", null, { timeout: 60_000 });
    const diag = await page.$eval("#diag", (d) => d.textContent);
    assert.match(diag, /E0101/);
    assert.match(diag, /wukog/);
    assert.strictEqual(await page.$eval("#video", (v) => v.src), secondSrc, "the last good preview should stay up");
    assert.ok(await page.$eval("#board", (b) => b.naturalWidth > 0));
    await page.screenshot({ path: path.join(shots, "3-broken-save.png") });
  } finally {
    await browser.close();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
