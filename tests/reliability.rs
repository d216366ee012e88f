//! What a probe of the released binary broke, held here: renderers that panicked on long
//! lines, output that could not be written, flags out of range, files whose identity `fmt`
//! lost, temp files left behind.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

#[path = "support/cli.rs"]
mod cli;
use cli::{reel, root, scratch};

fn temp_files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains("reel-tmp")).collect()
}

#[test]
fn every_renderer_takes_errors_far_along_a_long_line() {
    // Past column 65,535 miette's padding widths overflowed and it panicked; lines are now
    // shown elided around each span.
    let many_tokens = format!("scene s {{\n  duration 1s {}?\n}}\n", "1s ".repeat(20_000));
    let long_name = format!("ball {} at (0m, 0m, 0m)\nzzz.x\n", "b".repeat(1_000_000));
    let error_at_the_end = format!("{}\nprop\n", "// x".repeat(30_000));
    for src in [many_tokens, long_name, error_at_the_end] {
        let (_, diags) = reel::compile(&src);
        assert!(!diags.is_empty());
        for color in [false, true] {
            let text = reel::diag::render_human(&diags, &reel::diag::Sources::single("long.scene", src.as_str()), color);
            assert!(text.contains('…'), "a long line is not elided:\n{}", &text[..text.len().min(2000)]);
            let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
            // Windows of 40 characters around each span's ends, plus the gutter and marks.
            assert!(widest < 400, "a line of {widest} characters was printed");
        }
        for d in &diags {
            let v = reel::diag::to_json(d, &reel::diag::Sources::single("long.scene", src.as_str()));
            assert!(v["column"].as_u64().unwrap() >= 1);
            assert!(reel::diag::to_github(d, &reel::diag::Sources::single("long.scene", src.as_str())).starts_with("::"));
        }
    }
    // The location printed is the real one (line 2, far along it).
    let src = format!("scene s {{ }}\n{} ?\n", "x ".repeat(40_000));
    let (_, diags) = reel::compile(&src);
    let text = reel::diag::render_human(&diags[..1], &reel::diag::Sources::single("f.scene", src.as_str()), false);
    let (line, col) = reel::diag::line_col(&src, diags[0].span.start);
    assert!(text.contains(&format!("f.scene:{line}:{col}")), "{text}");
}

#[test]
fn spans_past_the_end_or_inside_a_character_are_drawn() {
    let src = "scene s {\n  durée 1s\n}\n";
    let odd = [reel::syntax::Span::new(13, 14), reel::syntax::Span::new(500, 900), reel::syntax::Span::new(5, 2)];
    for span in odd {
        let d = reel::diag::Diag::error(reel::diag::Code::E0001, span, "x").label("here").with(span, "there");
        let text = reel::diag::render_human(&[d], &reel::diag::Sources::single("f.scene", src), false);
        assert!(text.contains("E0001"), "{text}");
    }
}

#[test]
fn an_empty_no_color_keeps_colour() {
    use std::ffi::OsStr;
    assert!(reel::diag::color_wanted(None, true));
    assert!(reel::diag::color_wanted(Some(OsStr::new("")), true));
    assert!(!reel::diag::color_wanted(Some(OsStr::new("1")), true));
    assert!(!reel::diag::color_wanted(None, false));
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    for args in [vec!["stdlib"], vec!["explain", "E0101"], vec!["grammar"]] {
        let out = reel().args(&args).stdout(full.try_clone().unwrap()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "reel {args:?}: {err}");
        assert!(err.contains("cannot write to standard output") && !err.contains("panicked"), "{err}");
    }
}

#[test]
fn flags_out_of_range_are_refused() {
    let scene = root().join("examples/ball.scene");
    let cases: [&[&str]; 4] = [
        &["render", "--crf", "99", "-o", "x.mp4"],
        &["storyboard", "--columns", "0", "-o", "x.png"],
        &["storyboard", "--panel-width", "0", "-o", "x.png"],
        &["still", "-o", "s.jpg"],
    ];
    let dir = scratch("flags");
    for args in cases {
        let out = reel().current_dir(&dir).args(&args[..1]).arg(&scene).args(&args[1..]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "reel {args:?} was accepted");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "reel {args:?} wrote something");
    }
}

const UNFORMATTED: &str = "scene \"s\" {   fps 10 }\n";

fn fmt(path: &Path) {
    let out = reel().arg("fmt").arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn fmt_keeps_links_permissions_and_hard_links() {
    let dir = scratch("fmt-identity");
    // Through a symbolic link: the target is formatted, the link stays a link.
    let target = dir.join("real.scene");
    std::fs::write(&target, UNFORMATTED).unwrap();
    let link = dir.join("link.scene");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    fmt(&link);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert_ne!(std::fs::read_to_string(&target).unwrap(), UNFORMATTED, "the link's target was not formatted");
    // A private file stays private.
    let private = dir.join("private.scene");
    std::fs::write(&private, UNFORMATTED).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    fmt(&private);
    assert_eq!(private.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    // Hard links stay one file.
    let (a, b) = (dir.join("a.scene"), dir.join("b.scene"));
    std::fs::write(&a, UNFORMATTED).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let inode = a.metadata().unwrap().ino();
    fmt(&a);
    assert_eq!(a.metadata().unwrap().ino(), inode);
    assert_eq!(b.metadata().unwrap().ino(), inode, "the hard link was split");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), std::fs::read_to_string(&a).unwrap());
    assert_ne!(std::fs::read_to_string(&a).unwrap(), UNFORMATTED);
    assert!(temp_files_in(&dir).is_empty());
}

#[test]
fn stale_temp_files_of_gone_processes_are_swept_and_others_kept() {
    let dir = scratch("sweep");
    // A PID that has certainly ended: a child we waited for.
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let stale = dir.join(format!(".v.mp4.{gone}.reel-tmp.mp4"));
    let live = dir.join(format!(".v.mp4.{}.reel-tmp.mp4", std::process::id()));
    let not_ours = dir.join(format!("v.mp4.{gone}.reel-tmp.mp4"));
    for f in [&stale, &live, &not_ours] {
        std::fs::write(f, b"x").unwrap();
    }
    assert_eq!(reel::files::sweep_stale(&dir), 1);
    assert!(!stale.exists() && live.exists() && not_ours.exists());
}

#[test]
fn a_render_stopped_by_a_signal_removes_its_temp_file() {
    for signal in ["TERM", "INT", "HUP"] {
        let dir = scratch(&format!("signal-{signal}"));
        let out = dir.join("v.mp4");
        let mut child = reel().arg("render").arg(root().join("examples/wukong.scene")).args(["--size", "320x180", "--quiet", "-o"]).arg(&out).spawn().unwrap();
        let started = std::time::Instant::now();
        while temp_files_in(&dir).is_empty() && started.elapsed() < std::time::Duration::from_secs(120) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!temp_files_in(&dir).is_empty(), "the render never started writing");
        Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success());
        assert!(temp_files_in(&dir).is_empty(), "SIG{signal} left {:?}", temp_files_in(&dir));
        assert!(!out.exists());
    }
}

/// The ball example baked at 64x36.
fn tiny_ball_bake() -> reel::sim::Bake {
    let src = std::fs::read_to_string(root().join("examples/ball.scene")).unwrap();
    let mut ir = reel::compile(&src).0.unwrap();
    ir.resolution = [64, 36];
    reel::sim::simulate(&ir)
}

#[test]
fn the_storyboard_shows_only_events_inside_the_video() {
    let mut bake = tiny_ball_bake();
    let end = bake.frames.last().unwrap().screen_time_secs;
    let mut late = bake.events[0].clone();
    late.name = "late.rests".into();
    late.screen_time_secs = end + 10.0;
    bake.events.push(late);
    let panels = reel::cli::storyboard_panels(&bake);
    assert!(panels.iter().all(|(_, caption)| !caption.contains("late.rests")), "{panels:?}");
    assert!(panels.last().unwrap().1.contains("end"));
}

#[test]
fn the_private_folder_is_made_closed_and_a_planted_one_is_refused() {
    let base = scratch("private");
    let dir = reel::files::private_dir_in(&base).unwrap();
    assert_eq!(dir.metadata().unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(reel::files::private_dir_in(&base).unwrap(), dir, "the same folder is used again");
    // Another user's trick: the name is a link to a folder they can read, or it is open.
    let planted = scratch("private-planted");
    let name = dir.file_name().unwrap().to_owned();
    let elsewhere = scratch("private-elsewhere");
    std::os::unix::fs::symlink(&elsewhere, planted.join(&name)).unwrap();
    assert!(reel::files::private_dir_in(&planted).is_err(), "a link was accepted");
    std::fs::remove_file(planted.join(&name)).unwrap();
    std::fs::create_dir(planted.join(&name)).unwrap();
    std::fs::set_permissions(planted.join(&name), std::fs::Permissions::from_mode(0o777)).unwrap();
    assert!(reel::files::private_dir_in(&planted).is_err(), "a folder open to all was accepted");
}

#[test]
fn a_run_without_xdg_runtime_dir_leaves_no_folder_of_its_own() {
    let tmp = scratch("runtime");
    let out = tmp.join("s.png");
    let st = reel()
        .env_remove("XDG_RUNTIME_DIR")
        .env("TMPDIR", &tmp)
        .arg("still")
        .arg(root().join("examples/ball.scene"))
        .args(["--size", "64x36", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let mut names: Vec<String> = std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    assert_eq!(names, [format!("reel-{uid}"), "s.png".to_string()]);
}

#[test]
fn the_same_bake_gives_the_same_mp4_bytes_on_one_core_and_on_two() {
    // x264 picks its threads from the core count, and its choices from its threads: both
    // are fixed now. `taskset` gives the render one core, then two.
    if Command::new("taskset").arg("-c").arg("0").arg("true").status().map(|s| !s.success()).unwrap_or(true) {
        panic!("taskset (util-linux) is needed");
    }
    let dir = scratch("cores");
    let bake = dir.join("b.json");
    assert!(reel().arg("bake").arg(root().join("examples/ball.scene")).args(["--size", "96x54", "--fps", "12", "-o"]).arg(&bake).status().unwrap().success());
    let render = |cpus: &str, out: &Path| {
        let st = Command::new("taskset")
            .args(["-c", cpus])
            .arg(env!("CARGO_BIN_EXE_reel"))
            .args(["render", "--quiet", "--bake"])
            .arg(&bake)
            .arg("-o")
            .arg(out)
            .status()
            .unwrap();
        assert!(st.success());
        std::fs::read(out).unwrap()
    };
    let one = render("0", &dir.join("one.mp4"));
    let cpus = if std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2 { "0,1" } else { "0" };
    let two = render(cpus, &dir.join("two.mp4"));
    assert!(one == two, "the MP4's bytes depend on the cores");
}

#[test]
fn chunks_cover_the_video_once_and_start_on_keyframes() {
    use reel::encode::chunk_range;
    for (total, gop) in [(242usize, 30usize), (90, 30), (91, 30), (7, 10), (1000, 24)] {
        let groups = total.div_ceil(gop);
        for n in 1..=groups {
            let ranges: Vec<_> = (0..n).map(|k| chunk_range(k, n, total, gop).unwrap()).collect();
            assert_eq!(ranges[0].start, 0);
            assert_eq!(ranges.last().unwrap().end, total);
            for w in ranges.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            assert!(ranges.iter().all(|r| r.start % gop == 0 && !r.is_empty()), "{ranges:?}");
        }
        assert_eq!(chunk_range(0, groups + 1, total, gop), None, "more chunks than keyframe groups");
    }
}

fn bake_of(scene: &str, size: &str, fps: &str, out: &Path, extra: &[&str]) {
    let st = reel().arg("bake").arg(root().join(scene)).args(["--size", size, "--fps", fps, "-o"]).arg(out).args(extra).status().unwrap();
    assert!(st.success());
}

#[test]
fn a_binary_bake_reads_back_as_its_json_and_a_chunk_reads_only_its_frames() {
    use reel::sim::bake_file::BakeFile;
    let dir = scratch("bake-formats");
    let (bin, json, forced) = (dir.join("w.reelbake"), dir.join("w.json"), dir.join("w.txt"));
    bake_of("examples/wukong.scene", "96x54", "10", &bin, &[]);
    bake_of("examples/wukong.scene", "96x54", "10", &json, &[]);
    bake_of("examples/wukong.scene", "96x54", "10", &forced, &["--format", "json"]);
    assert_eq!(&std::fs::read(&bin).unwrap()[..8], reel::sim::bake_file::MAGIC, "the name's extension picks binary");
    assert_eq!(std::fs::read(&json).unwrap()[0], b'{', "`.json` picks JSON");
    assert_eq!(std::fs::read(&forced).unwrap()[0], b'{', "--format wins over the name");
    // The binary form keeps every number exactly (JSON's decimal floats may round the last
    // bit of an f64, so its read is compared to the binary one frame count by frame count).
    let src = std::fs::read_to_string(root().join("examples/wukong.scene")).unwrap();
    let mut ir = reel::compile(&src).0.unwrap();
    (ir.resolution, ir.fps) = ([96, 54], 10);
    let whole = reel::sim::simulate(&ir);
    assert_eq!(BakeFile::open(&bin).unwrap().read_all().unwrap(), whole);
    let from_json = BakeFile::open(&json).unwrap().read_all().unwrap();
    assert_eq!((from_json.frames.len(), &from_json.nodes, &from_json.events.len()), (whole.frames.len(), &whole.nodes, &whole.events.len()));
    // A chunk from the middle: its frames, and the header, nothing else.
    let mut file = BakeFile::open(&bin).unwrap();
    assert!(file.bake.frames.is_empty());
    assert_eq!(file.read_frames(20..30).unwrap(), whole.frames[20..30]);
    assert!(file.read_frames(5..whole.frames.len() + 1).is_err());
    // render --bake takes both, and they make the same video.
    let render = |bake: &Path, out: &Path| {
        let st = reel().args(["render", "--quiet", "--frames", "10..20", "--bake"]).arg(bake).arg("-o").arg(out).status().unwrap();
        assert!(st.success());
        std::fs::read(out).unwrap()
    };
    assert!(render(&bin, &dir.join("a.mp4")) == render(&json, &dir.join("b.mp4")));
}

#[test]
fn a_bad_bake_is_refused_in_plain_words() {
    let dir = scratch("bake-bad");
    let (bin, json) = (dir.join("b.reelbake"), dir.join("b.json"));
    bake_of("examples/ball.scene", "64x36", "10", &bin, &[]);
    bake_of("examples/ball.scene", "64x36", "10", &json, &[]);
    let bytes = std::fs::read(&bin).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let edited = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = v.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.reelbake", bytes[..bytes.len() / 2].to_vec(), "do not hold"),
        ("huge.json", edited(&|v| v["resolution"] = serde_json::json!([65536, 65536])), "outside the limits"),
        ("still.json", edited(&|v| v["fps"] = serde_json::json!(0)), "frame rate of 0"),
        ("old.json", edited(&|v| v["version"] = serde_json::json!(0)), "bake version 0"),
        ("nodes.json", edited(&|v| v["frames"][3]["nodes"] = serde_json::json!([])), "frame 3"),
        ("empty.json", edited(&|v| v["frames"] = serde_json::json!([])), "0 frames"),
        ("junk.reelbake", b"REELBAKE\xff\xff\xff\xff\xff\xff\xff\x7f".to_vec(), "header claims"),
    ];
    for (name, bytes, why) in cases {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = reel().args(["render", "--quiet", "--bake"]).arg(&p).arg("-o").arg(dir.join("x.mp4")).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(why) && !err.contains("panicked"), "{name}: {err}");
        assert!(!dir.join("x.mp4").exists());
    }
}

#[test]
fn a_full_disk_leaves_no_temp_file_and_names_the_users_file() {
    // The mechanism, everywhere: an uncommitted temp file is removed when dropped.
    let dir = scratch("full-disk");
    {
        let tmp = reel::files::TempFile::for_output(&dir.join("out.json"));
        std::fs::write(tmp.path(), b"partial").unwrap();
    }
    assert!(temp_files_in(&dir).is_empty());
    // A real full disk: a 64 KiB tmpfs (needs root, as CI and the developers' machines are).
    let disk = dir.join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&disk).status().is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("no tmpfs could be mounted here: the full-disk half of this test did not run");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&disk);
    let bake = disk.join("b.json");
    let out = reel().arg("bake").arg(root().join("examples/wukong.scene")).arg("-o").arg(&bake).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("b.json") && !err.contains("reel-tmp"), "{err}");
    assert!(temp_files_in(&disk).is_empty() && !bake.exists());
    // fmt on a full disk: the file is left as it was, the error names it.
    let scene = disk.join("s.scene");
    std::fs::write(&scene, UNFORMATTED).unwrap();
    let filler = disk.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 128 << 10]);
    let out = reel().arg("fmt").arg(&scene).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("s.scene") && !err.contains("reel-tmp"), "{err}");
    assert_eq!(std::fs::read_to_string(&scene).unwrap(), UNFORMATTED);
    assert!(temp_files_in(&disk).is_empty());
}

/// A storyboard shows at most 24 panels (the start, the end, then the events spread evenly)
/// and no side of the sheet passes 4,096 px, however many events the bake holds.
#[test]
fn a_storyboard_has_at_most_24_panels_and_no_side_over_4096_px() {
    let mut bake = tiny_ball_bake();
    let end = bake.frames.last().unwrap().screen_time_secs;
    let template = bake.events[0].clone();
    for k in 0..400 {
        let mut e = template.clone();
        e.name = format!("e{k}.contact");
        e.screen_time_secs = end * k as f64 / 400.0;
        bake.events.push(e);
    }
    let panels = reel::cli::storyboard_panels(&bake);
    assert!(panels.len() <= reel::cli::MAX_PANELS, "{} panels", panels.len());
    assert!(panels.first().unwrap().1.starts_with("start"));
    assert!(panels.last().unwrap().1.contains("end"));
    assert!(panels.windows(2).all(|w| w[0].0 < w[1].0), "in order: {panels:?}");
    let out = scratch("board").join("board.png");
    reel::cli::render_storyboard_from_bake(&bake, &out, 1920, 8).unwrap();
    let (w, h) = image::image_dimensions(&out).unwrap();
    assert!(w <= reel::cli::MAX_SHEET_SIDE && h <= reel::cli::MAX_SHEET_SIDE, "{w}x{h}");
}

/// A render that is cancelled (watch, on a new save) returns, whenever the cancel comes, with
/// two renderers taking frames in turn: one stopping must not leave the other waiting for a
/// buffer the encoder holds for the first one's next frame. Nothing is written.
#[test]
fn a_cancelled_render_with_two_renderers_returns_and_writes_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let bake = tiny_ball_bake();
    let dir = scratch("cancelled-render");
    for (k, delay_ms) in [0u64, 5, 20, 60, 150].into_iter().enumerate() {
        let out = dir.join(format!("v{k}.mp4"));
        let cancel = AtomicBool::new(false);
        let result = std::thread::scope(|s| {
            let job = s.spawn(|| {
                let frames: Vec<_> = bake.frames.iter().cycle().take(600).cloned().collect();
                reel::cli::render_frames_with(&bake, &frames, 0, &out, 30, reel::cli::Antialias::Fxaa, false, Some(2), Some(&cancel))
            });
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            cancel.store(true, Ordering::Relaxed);
            job.join().unwrap()
        });
        assert!(result.is_err(), "cancelled after {delay_ms} ms, the render still finished");
        assert!(!out.exists(), "cancelled after {delay_ms} ms, {} was written", out.display());
    }
}
