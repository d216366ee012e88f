//! `reel watch FILE`: recompile on save with a live preview in the browser.
//!
//! notify watches the scene's folder (editors save by writing in place, by truncating, or by
//! writing a temporary file and renaming it over; all of them touch the folder). Events are
//! debounced; each settled change is checked (diagnostics in the terminal and on the page),
//! then a low-resolution storyboard is rendered first and the video after it. The last good
//! preview stays up while the file has errors. The story simulation is cached by a hash of
//! the IR that drives it, so a camera-only edit does not re-simulate, and an edit that
//! changes nothing renders nothing. The page is served on 127.0.0.1 only and updates itself
//! through server-sent events.

use crate::{cli, diag, ir, sim};
use serde_json::json;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Options {
    pub file: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// Size of the preview video.
    pub size: [u32; 2],
}

#[derive(Default)]
struct State {
    version: u64,
    diagnostics: Vec<serde_json::Value>,
    board: Option<PathBuf>,
    video: Option<PathBuf>,
    /// The version at which the video was last rendered: the page reloads it only then.
    video_version: u64,
    events: Vec<(String, f64)>,
    duration_secs: f64,
    story_reused: bool,
    builds: u64,
    clients: Vec<mpsc::Sender<u64>>,
}

impl State {
    fn publish(&mut self) {
        self.version += 1;
        let v = self.version;
        self.clients.retain(|c| c.send(v).is_ok());
    }
    fn json(&self) -> serde_json::Value {
        json!({
            "version": self.version,
            "builds": self.builds,
            "diagnostics": self.diagnostics,
            "has_board": self.board.is_some(),
            "has_video": self.video.is_some(),
            "video_version": self.video_version,
            "events": self.events.iter().map(|(n, t)| json!({"name": n, "screen_time_secs": t})).collect::<Vec<_>>(),
            "duration_secs": self.duration_secs,
            "story_reused": self.story_reused,
        })
    }
}

fn hash_of<T: serde::Serialize>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    serde_json::to_string(v).unwrap_or_default().hash(&mut h);
    h.finish()
}

/// What the story simulation depends on: everything but the cameras and output settings.
fn story_key(ir: &ir::Scene) -> u64 {
    hash_of(&(&ir.world, &ir.props, &ir.actors, &ir.actor_tracks))
}

pub fn run(opts: Options) -> Result<(), String> {
    let file = opts.file.canonicalize().map_err(|e| format!("cannot watch {}: {e}", opts.file.display()))?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    // In the private folder, removed when watch is stopped (SIGINT, SIGTERM, SIGHUP).
    let private = crate::files::private_dir()?;
    crate::files::sweep_stale_dirs(&private, &["watch-"]);
    // What reels before this one left under the temp dir, one folder per run.
    crate::files::sweep_stale_dirs(&std::env::temp_dir(), &["reel-watch-", "reel-runtime-"]);
    let out_dir = private.join(format!("watch-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    crate::files::remove_on_signal(&out_dir);
    let state = Arc::new(Mutex::new(State::default()));
    let server = tiny_http::Server::http(("127.0.0.1", opts.port)).map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(opts.port);
    eprintln!("reel watch: serving http://127.0.0.1:{port}/ (watching {})", file.display());
    {
        let state = state.clone();
        std::thread::spawn(move || serve(server, state));
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            let _ = tx.send(ev);
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    use notify::Watcher;
    watcher.watch(&dir, notify::RecursiveMode::NonRecursive).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    let name = file.file_name().map(|n| n.to_os_string());
    let mut cache: Option<(u64, sim::Story)> = None;
    let mut last_ir: Option<u64> = None;
    let mut job: Option<RenderJob> = None;
    build(&file, &opts, &out_dir, &state, &mut cache, &mut last_ir, &mut job);
    loop {
        let Ok(ev) = rx.recv() else { return Ok(()) };
        // Our own reads show up as access events: only writes, creations, renames and
        // removals count, of the scene or of a `.scene` file beside it (which it may `use`).
        let relevant = matches!(ev.kind, notify::EventKind::Create(_) | notify::EventKind::Modify(_) | notify::EventKind::Remove(_));
        let ours = |p: &PathBuf| p.file_name().map(|n| n.to_os_string()) == name || p.extension().is_some_and(|x| x == "scene");
        if !relevant || !ev.paths.iter().any(ours) {
            continue;
        }
        // Debounce: wait until no write to our files has come for 150 ms (half-written files
        // settle), 2 s at most. Other files' events (a log beside the scene) do not delay it.
        let quiet = Duration::from_millis(150);
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        let mut quiet_until = std::time::Instant::now() + quiet;
        loop {
            let until = quiet_until.min(deadline);
            let Some(left) = until.checked_duration_since(std::time::Instant::now()) else { break };
            match rx.recv_timeout(left) {
                Ok(ev) => {
                    let relevant = matches!(ev.kind, notify::EventKind::Create(_) | notify::EventKind::Modify(_) | notify::EventKind::Remove(_));
                    if relevant && ev.paths.iter().any(ours) {
                        quiet_until = std::time::Instant::now() + quiet;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        build(&file, &opts, &out_dir, &state, &mut cache, &mut last_ir, &mut job);
    }
}

fn build(
    file: &Path,
    opts: &Options,
    out_dir: &Path,
    state: &Arc<Mutex<State>>,
    cache: &mut Option<(u64, sim::Story)>,
    last_ir: &mut Option<u64>,
    job: &mut Option<RenderJob>,
) {
    let Ok(bytes) = std::fs::read(file) else {
        // Deleted for a moment (delete-and-recreate saves): the next event brings it back.
        return;
    };
    let crate::Compiled { sources, ir, diags } = crate::compile_bytes(&file.display().to_string(), bytes, crate::scene_dir(file).as_deref());
    if !diags.is_empty() {
        eprint!("{}", diag::render_human(&diags, &sources, false));
    }
    {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        s.diagnostics = diags.iter().map(|d| diag::to_json(d, &sources)).collect();
        s.builds += 1;
        s.publish();
    }
    let Some(mut ir) = ir else { return };
    ir.resolution = opts.size;
    let ir_key = hash_of(&ir);
    if *last_ir == Some(ir_key) {
        return;
    }
    *last_ir = Some(ir_key);
    // What the running render shows is stale now: stop it rather than wait for it.
    if let Some(j) = job.take() {
        j.cancel();
    }
    let key = story_key(&ir);
    let reused = cache.as_ref().is_some_and(|(k, _)| *k == key);
    let story = match cache {
        Some((k, story)) if *k == key => story.clone(),
        _ => {
            let story = sim::simulate_story(&ir, None);
            *cache = Some((key, story.clone()));
            story
        }
    };
    let bake = sim::bake_from_story(&ir, story);
    // The quick preview first: a storyboard of the events.
    let board = out_dir.join("board.png");
    if cli::render_storyboard_from_bake(&bake, &board, 200, 4).is_ok() {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        s.board = Some(board);
        s.events = bake.events.iter().map(|e| (e.name.clone(), e.screen_time_secs)).collect();
        s.duration_secs = bake.duration_secs();
        s.story_reused = reused;
        s.publish();
    }
    // The video renders on its own thread; a later save cancels it (`RenderJob`).
    let video = out_dir.join("preview.mp4");
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (state, flag) = (state.clone(), cancel.clone());
    let handle =
        std::thread::spawn(move || match cli::render_frames_with(&bake, &bake.frames, 0, &video, 26, cli::Antialias::Fxaa, false, None, Some(&flag)) {
            Ok(st) => {
                eprintln!("reel watch: {} frames in {:.1}s{}", st.frames, st.secs, if reused { " (simulation reused)" } else { "" });
                let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                s.video = Some(video);
                s.video_version = s.version + 1;
                s.publish();
            }
            Err(_) if flag.load(std::sync::atomic::Ordering::Relaxed) => eprintln!("reel watch: a newer save cancelled the render"),
            Err(e) => eprintln!("reel watch: render failed: {e}"),
        });
    *job = Some(RenderJob { cancel, handle });
}

/// The preview video being rendered: a new build cancels it and waits for it to stop (a
/// frame or two), so a save never waits for a stale render.
struct RenderJob {
    cancel: Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<()>,
}

impl RenderJob {
    fn cancel(self) {
        self.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.handle.join();
    }
}

const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>reel watch</title>
<style>
body{font:14px system-ui,sans-serif;background:#18181c;color:#ddd;margin:16px}
#diag{white-space:pre-wrap;background:#3a1616;color:#fcc;padding:8px;display:none}
video,img{max-width:100%;display:block;margin:8px 0}
#marks{position:relative;height:18px;background:#333}
#marks span{position:absolute;top:0;width:2px;height:18px;background:#fc6;cursor:pointer}
</style></head><body>
<h3>reel watch <small id="ver"></small></h3>
<div id="diag"></div>
<video id="video" controls autoplay loop muted></video>
<input id="scrub" type="range" min="0" max="1000" value="0" style="width:100%">
<div id="marks"></div>
<img id="board" alt="storyboard">
<script>
const $ = (id) => document.getElementById(id);
let shownVideo = -1;
async function refresh() {
  const s = await (await fetch('/state')).json();
  $('ver').textContent = 'build ' + s.builds + ', version ' + s.version;
  const errs = s.diagnostics.filter(d => d.severity === 'error');
  $('diag').style.display = s.diagnostics.length ? 'block' : 'none';
  $('diag').textContent = s.diagnostics.map(d => `${d.severity}[${d.code}] ${d.line}:${d.column}: ${d.message}` + (d.help ? `\n  help: ${d.help}` : '')).join('\n');
  if (s.has_board) $('board').src = '/board.png?v=' + s.version;
  if (s.has_video && shownVideo !== s.video_version) { $('video').src = '/preview.mp4?v=' + s.video_version; shownVideo = s.video_version; }
  $('marks').innerHTML = '';
  for (const e of s.events) {
    const m = document.createElement('span');
    m.style.left = (100 * e.screen_time_secs / Math.max(s.duration_secs, 0.001)) + '%';
    m.title = e.name + ' ' + e.screen_time_secs.toFixed(2) + 's';
    m.onclick = () => { $('video').currentTime = e.screen_time_secs; };
    $('marks').appendChild(m);
  }
  $('scrub').oninput = () => { $('video').currentTime = s.duration_secs * $('scrub').value / 1000; };
}
new EventSource('/events').onmessage = refresh;
refresh();
</script></body></html>
"#;

/// A `Range: bytes=…` answer for `bytes`: 206 with the one range asked for, or 416 when it
/// lies outside (several ranges are answered with the first, as browsers ask for one).
fn ranged(bytes: Vec<u8>, range: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = |k: &str, v: String| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header");
    let total = bytes.len() as u64;
    let first = http_range_header::parse_range_header(range).ok().and_then(|r| r.validate(total).ok()).and_then(|v| v.into_iter().next());
    match first {
        Some(r) => {
            let (a, b) = (*r.start(), *r.end());
            tiny_http::Response::from_data(bytes[a as usize..=b as usize].to_vec())
                .with_status_code(206)
                .with_header(header("Content-Type", "video/mp4".into()))
                .with_header(header("Accept-Ranges", "bytes".into()))
                .with_header(header("Content-Range", format!("bytes {a}-{b}/{total}")))
        }
        None => tiny_http::Response::from_data(Vec::new()).with_status_code(416).with_header(header("Content-Range", format!("bytes */{total}"))),
    }
}

fn serve(server: tiny_http::Server, state: Arc<Mutex<State>>) {
    for req in server.incoming_requests() {
        let url = req.url().split('?').next().unwrap_or("/").to_string();
        let header = |v: &str| tiny_http::Header::from_bytes(&b"Content-Type"[..], v.as_bytes()).expect("valid header");
        let file_response = |p: Option<PathBuf>, ty: &str| match p.and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => tiny_http::Response::from_data(bytes).with_header(header(ty)),
            None => tiny_http::Response::from_data(b"not ready".to_vec()).with_status_code(404),
        };
        let _ = match url.as_str() {
            "/" => req.respond(tiny_http::Response::from_string(PAGE).with_header(header("text/html; charset=utf-8"))),
            "/state" => {
                let body = state.lock().unwrap_or_else(|p| p.into_inner()).json().to_string();
                req.respond(tiny_http::Response::from_string(body).with_header(header("application/json")))
            }
            "/board.png" => {
                let p = state.lock().unwrap_or_else(|p| p.into_inner()).board.clone();
                req.respond(file_response(p, "image/png"))
            }
            "/preview.mp4" => {
                let p = state.lock().unwrap_or_else(|p| p.into_inner()).video.clone();
                let range = req.headers().iter().find(|h| h.field.equiv("Range")).map(|h| h.value.as_str().to_string());
                match (p.as_ref().and_then(|p| std::fs::read(p).ok()), range) {
                    (Some(bytes), Some(range)) => req.respond(ranged(bytes, &range)),
                    _ => req.respond(
                        file_response(p, "video/mp4").with_header(tiny_http::Header::from_bytes(&b"Accept-Ranges"[..], &b"bytes"[..]).expect("valid header")),
                    ),
                }
            }
            "/events" => {
                let (tx, rx) = mpsc::channel();
                state.lock().unwrap_or_else(|p| p.into_inner()).clients.push(tx);
                std::thread::spawn(move || {
                    let mut w = req.into_writer();
                    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
                    if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_err() {
                        return;
                    }
                    for v in rx {
                        if write!(w, "data: {v}\n\n").and_then(|_| w.flush()).is_err() {
                            return;
                        }
                    }
                });
                Ok(())
            }
            _ => req.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
        };
    }
}
