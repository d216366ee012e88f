//! `reel watch` end to end over HTTP on 127.0.0.1: first preview, a camera-only edit that
//! reuses the simulation, a broken save that shows its diagnostic while the old preview
//! stays, and server-sent events announcing each change.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    // HTTP/1.0: plain bodies, no chunked encoding, closed at the end.
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, buf[split + 4..].to_vec())
}

fn state(port: u16) -> serde_json::Value {
    serde_json::from_slice(&get(port, "/state").1).unwrap()
}

fn wait_for(port: u16, what: &str, ok: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let s = state(port);
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}: {s}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A `reel watch` of a fresh copy of an example (its text changed by `edit`), on a free
/// port: the process (killed when dropped), the port, the scene's path and text, and all
/// it has printed so far.
struct Watch {
    _child: KillOnDrop,
    port: u16,
    scene: std::path::PathBuf,
    src: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

fn watch(name: &str, example: &str, size: &str, edit: impl Fn(String) -> String) -> Watch {
    let dir = std::env::temp_dir().join(format!("reel-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scene = dir.join("w.scene");
    let src = edit(std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example)).unwrap());
    std::fs::write(&scene, &src).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(["watch", "--port", "0", "--size", size])
        .arg(&scene)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let mut err = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port: u16 =
        line.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("no port in {line:?}"));
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    {
        let log = log.clone();
        std::thread::spawn(move || {
            for l in err.lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(l + "\n"));
            }
        });
    }
    Watch { _child: child, port, scene, src, log }
}

#[test]
fn watch_rebuilds_on_save_and_serves_the_preview() {
    let w = watch("test", "wukong.scene", "64x36", |s| s.replace("fps 30", "fps 8"));
    let (port, scene, src, dir) = (w.port, w.scene.clone(), w.src.clone(), w.scene.parent().unwrap().to_path_buf());

    let first = wait_for(port, "the first preview", |s| s["has_video"] == true);
    assert_eq!(first["builds"], 1);
    assert!(first["events"].as_array().unwrap().iter().any(|e| e["name"] == "leap.apex"));
    let (status, page) = get(port, "/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("EventSource"));
    assert!(get(port, "/board.png").1.starts_with(b"\x89PNG"));
    assert_eq!(get(port, "/preview.mp4").0, 200);

    // Listen to the server-sent events.
    let mut sse = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(sse, "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(180))).unwrap();

    // A camera-only edit, saved by writing a temp file and renaming it over the scene.
    let tmp = dir.join(".w.scene.swp");
    std::fs::write(&tmp, src.replace("rise 40cm", "rise 60cm")).unwrap();
    std::fs::rename(&tmp, &scene).unwrap();
    let v = first["version"].as_u64().unwrap();
    let second = wait_for(port, "the camera edit", |s| s["builds"].as_u64() >= Some(2) && s["version"].as_u64() > Some(v + 2));
    assert_eq!(second["story_reused"], true, "a camera-only edit re-ran the simulation");
    let mut got = [0u8; 512];
    let n = sse.read(&mut got).unwrap();
    assert!(String::from_utf8_lossy(&got[..n]).contains("text/event-stream"));

    // A broken save: the diagnostic shows, the last good preview stays.
    std::fs::write(&scene, src.replace("closeup wukong.head", "closeup wukog.head")).unwrap();
    let broken = wait_for(port, "the diagnostic", |s| s["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
    assert_eq!(broken["diagnostics"][0]["code"], "E0101");
    assert_eq!(broken["has_video"], true);
    assert!(get(port, "/board.png").1.starts_with(b"\x89PNG"));
}

/// The watcher never outlives the test, whatever fails.
struct KillOnDrop(std::process::Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Seeking needs Range requests; a file changing beside the scene must not hold off its
/// rebuild.
#[test]
fn watch_answers_ranges_and_rebuilds_while_another_file_keeps_changing() {
    let w = watch("range", "ball.scene", "64x36", |s| s.replace("fps 30", "fps 4"));
    let (port, scene, src, dir) = (w.port, w.scene.clone(), w.src.clone(), w.scene.parent().unwrap().to_path_buf());
    let first = wait_for(port, "the first preview", |s| s["has_video"] == true);
    // A range of the video: 206 with exactly those bytes.
    let (_, whole) = get(port, "/preview.mp4");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /preview.mp4 HTTP/1.0\r\nHost: 127.0.0.1\r\nRange: bytes=100-199\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&buf[..split]).to_lowercase();
    assert!(head.starts_with("http/1.0 206") || head.starts_with("http/1.1 206"), "{head}");
    assert!(head.contains(&format!("content-range: bytes 100-199/{}", whole.len())), "{head}");
    assert_eq!(&buf[split + 4..], &whole[100..200]);
    // A log beside the scene written every 20 ms, then a save of the scene.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let noise = {
        let (stop, log) = (stop.clone(), dir.join("noise.log"));
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::write(&log, format!("{:?}", Instant::now()));
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&scene, src.replace("distance 2.2m", "distance 2.6m")).unwrap();
    let builds = first["builds"].as_u64().unwrap();
    wait_for(port, "a rebuild while another file changes", |s| s["builds"].as_u64() > Some(builds));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    noise.join().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A save during a long render cancels it: the new preview does not wait for the stale one.
#[test]
fn a_save_cancels_the_render_in_progress() {
    // Two minutes of video at 30 fps: far longer to render than the test waits.
    let w = watch("cancel", "wukong.scene", "320x180", |s| s.replace("fps 30", "fps 30\n    duration 120s"));
    let (port, scene, src, log, dir) = (w.port, w.scene.clone(), w.src.clone(), w.log.clone(), w.scene.parent().unwrap().to_path_buf());
    wait_for(port, "the first storyboard", |s| s["has_board"] == true);
    assert_eq!(state(port)["has_video"], false, "the long render finished already");
    // A short version, saved while the long one renders.
    std::fs::write(&scene, src.replace("duration 120s", "duration 2s")).unwrap();
    let done = wait_for(port, "the new preview", |s| s["has_video"] == true);
    assert!(done["duration_secs"].as_f64().unwrap() < 10.0, "{done}");
    assert!(log.lock().unwrap().contains("cancelled the render"), "{}", log.lock().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
