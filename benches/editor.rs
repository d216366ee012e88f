//! The editor loop, end to end through the real binary (release build; `cargo bench --bench
//! editor`): keystroke to diagnostics through `reel lsp` (a `didChange` until its
//! `publishDiagnostics`), and save to first preview through `reel watch` (a write of the
//! scene until the page's state shows the new storyboard).

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use criterion::{criterion_group, criterion_main, Criterion};
use lsp_client::Client;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REEL: &str = env!("CARGO_BIN_EXE_reel");

fn wukong() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/wukong.scene")).unwrap()
}

fn keystroke_to_diagnostics(c: &mut Criterion) {
    let mut lsp = Client::start();
    lsp.request("initialize", json!({"capabilities": {}, "processId": null, "rootUri": null}));
    lsp.notify("initialized", json!({}));
    let uri = "file:///tmp/bench/wukong.scene";
    let src = wukong();
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "scene", "version": 1, "text": src}}));
    lsp.next_diagnostics();
    let mut version = 1;
    c.bench_function("lsp: keystroke to diagnostics (wukong)", |b| {
        b.iter(|| {
            // Alternate a typo and its fix, as typing does.
            version += 1;
            let text = if version % 2 == 0 { src.replace("closeup wukong.head", "closeup wukon.head") } else { src.clone() };
            lsp.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}));
            lsp.next_diagnostics()
        })
    });
    let _ = lsp.child.kill();
    let _ = lsp.child.wait();
}

fn get_state(port: u16) -> Value {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /state HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    serde_json::from_slice(&buf[split + 4..]).unwrap()
}

fn save_to_first_preview(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("reel-bench-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scene = dir.join("w.scene");
    let src = wukong();
    std::fs::write(&scene, &src).unwrap();
    let mut child = Command::new(REEL).args(["watch", "--port", "0"]).arg(&scene).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port: u16 = line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok()).unwrap();
    std::thread::spawn(move || for _ in err.lines() {});
    let wait = |ok: &dyn Fn(&Value) -> bool| loop {
        let s = get_state(port);
        if ok(&s) {
            return s;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Let the first build (video included) finish.
    wait(&|s| s["has_video"] == true);
    let mut g = c.benchmark_group("watch");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    let mut rise = 40;
    g.bench_function("save to first preview (wukong, storyboard)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A camera edit: the story is reused, the preview is rebuilt.
                let before = get_state(port);
                let (builds, video) = (before["builds"].as_u64().unwrap(), before["video_version"].as_u64().unwrap());
                rise += 1;
                let t = Instant::now();
                std::fs::write(&scene, src.replace("rise 40cm", &format!("rise {rise}cm"))).unwrap();
                wait(&|s| {
                    s["builds"].as_u64() > Some(builds) && s["has_board"] == true && s["version"].as_u64() >= Some(before["version"].as_u64().unwrap() + 2)
                });
                total += t.elapsed();
                // Wait out the full render before the next save.
                wait(&|s| s["video_version"].as_u64() > Some(video));
            }
            total
        })
    });
    g.finish();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, keystroke_to_diagnostics, save_to_first_preview);
criterion_main!(benches);
