//! The command line end to end: check, ir, still, render to MP4 (inspected with ffprobe).

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/cli.rs"]
mod cli;
use cli::{reel, root, scratch};

fn ffprobe(path: &Path, entries: &str) -> String {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", entries, "-of", "default=noprint_wrappers=1"])
        .arg(path)
        .output()
        .expect("ffprobe (Debian package ffmpeg) is needed to inspect videos");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_is_silent_on_a_clean_file() {
    let out = reel().arg("check").arg(root().join("examples/wukong.scene")).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_reports_a_misspelled_actor_with_a_suggestion() {
    let dir = scratch("typo");
    let src = std::fs::read_to_string(root().join("examples/wukong.scene")).unwrap().replace("closeup wukong.head", "closeup wukon.head");
    let f = dir.join("typo.scene");
    std::fs::write(&f, src).unwrap();
    let out = reel().arg("check").arg(&f).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E0101") && err.contains("did you mean `wukong`?"), "{err}");
    let json = reel().args(["check", "--format", "json"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["code"], "E0101");
    assert_eq!(v[0]["line"], 38);
}

#[test]
fn check_usage_errors_exit_2() {
    let out = reel().args(["check", "/nonexistent/x.scene"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ir_prints_json() {
    let out = reel().arg("ir").arg(root().join("examples/wukong.scene")).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["fps"], 30);
    assert_eq!(v["actors"][0]["name"], "wukong");
}

#[test]
fn every_example_renders_to_mp4_at_a_small_size() {
    let dir = scratch("examples");
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "scene") {
            continue;
        }
        let out = dir.join(format!("{}.mp4", p.file_stem().unwrap().to_string_lossy()));
        let st = reel().arg("render").arg(&p).args(["--size", "160x90", "--fps", "10", "--quiet", "-o"]).arg(&out).status().unwrap();
        assert!(st.success(), "{} failed to render", p.display());
        let info = ffprobe(&out, "stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_frames");
        for want in ["codec_name=h264", "pix_fmt=yuv420p", "width=160", "height=90", "r_frame_rate=10/1"] {
            assert!(info.contains(want), "{}: {info}", p.display());
        }
        let frames: usize = info.lines().find_map(|l| l.strip_prefix("nb_read_frames=")).unwrap().trim().parse().unwrap();
        let ir = reel::compile_in(&std::fs::read_to_string(&p).unwrap(), p.parent()).0.unwrap();
        let mut ir = ir;
        ir.fps = 10;
        assert_eq!(frames, reel::sim::simulate(&ir).frames.len());
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().contains("reel-tmp")).collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn wukong_video_holds_every_part_of_the_story() {
    // Sprint (3 s) + crouch + flight + 4 s freeze + landing, at 10 fps and a tiny size.
    let dir = scratch("wukong");
    let out = dir.join("w.mp4");
    let st =
        reel().arg("render").arg(root().join("examples/wukong.scene")).args(["--size", "96x54", "--fps", "10", "--quiet", "-o"]).arg(&out).status().unwrap();
    assert!(st.success());
    let dur: f64 = ffprobe(&out, "format=duration").lines().find_map(|l| l.strip_prefix("duration=")).unwrap().trim().parse().unwrap();
    assert!(dur > 3.0 + 0.5 + 4.0 + 0.45, "video lasts only {dur}s");
}

#[test]
fn still_writes_a_png() {
    let dir = scratch("still");
    let out = dir.join("f.png");
    let st = reel().arg("still").arg(root().join("examples/wukong.scene")).args(["--at", "0.5", "--size", "128x72", "-o"]).arg(&out).status().unwrap();
    assert!(st.success());
    let img = image::open(&out).unwrap();
    assert_eq!((img.width(), img.height()), (128, 72));
}

#[test]
fn an_unfinished_video_leaves_no_file() {
    let dir = scratch("unfinished");
    let out = dir.join("v.mp4");
    {
        let mut w = reel::encode::Mp4Writer::create(&out, 64, 64, 10, 23).unwrap();
        w.push_rgba(&vec![128u8; 64 * 64 * 4]).unwrap();
        // Dropped without finish(): as if the render failed.
    }
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a temporary file was left behind");
}

#[test]
fn explain_stdin_and_github_format() {
    let out = reel().args(["explain", "E0201"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Units are types"));
    assert_eq!(reel().args(["explain", "E9999"]).output().unwrap().status.code(), Some(2));
    use std::io::Write;
    let mut child = reel().args(["check", "--format", "github", "-"]).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"use std.characters.humanoid\nactor a = humanoid { height 3s }\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("::error file=-,line=2,col=29,endLine=2,endColumn=31,"), "{text}");
    assert!(text.contains("::warning file=-,line=2,col=7,"), "{text}");
    assert!(text.contains("title=E0201::expected a length, found a duration"), "{text}");
}

#[test]
fn invalid_utf8_is_a_coded_diagnostic_and_fmt_leaves_it_alone() {
    let dir = scratch("utf8");
    let f = dir.join("bad.scene");
    let bytes = b"scene \"x\" { fps 30 }\n// caf\xe9\nactor a = humanoid {}\n".to_vec();
    std::fs::write(&f, &bytes).unwrap();
    let out = reel().args(["check", "--format", "json"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<_> = v.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(codes[0], "E0006");
    assert!(codes.contains(&"E0106".to_string()), "the rest was not checked: {codes:?}");
    assert_eq!(reel().arg("fmt").arg(&f).output().unwrap().status.code(), Some(1));
    assert_eq!(std::fs::read(&f).unwrap(), bytes);
}

#[test]
fn storyboard_sheet_has_a_panel_per_event() {
    let dir = scratch("board");
    let out = dir.join("b.png");
    let st =
        reel().arg("storyboard").arg(root().join("examples/wukong.scene")).args(["--panel-width", "96", "--columns", "4", "-o"]).arg(&out).status().unwrap();
    assert!(st.success());
    let img = image::open(&out).unwrap().to_rgba8();
    // start + 5 events of the jump + end, at least: two rows of four 96x54 panels.
    assert_eq!(img.width(), 8 + 4 * (96 + 8));
    assert!(img.height() >= 8 + 2 * (54 + 24 + 8), "{}", img.height());
    // Captions are drawn: light pixels in the strip under the first panel.
    let light = (0..96).flat_map(|x| (54 + 8 + 6..54 + 8 + 20).map(move |y| (x + 8, y))).filter(|&(x, y)| img.get_pixel(x, y)[0] > 200).count();
    assert!(light > 20, "no caption under the first panel");
}

#[test]
fn chunks_rendered_from_a_bake_equal_the_whole_render() {
    let dir = scratch("chunks");
    let bake = dir.join("w.bake");
    let st = reel().arg("bake").arg(root().join("examples/wukong.scene")).args(["--size", "96x54", "--fps", "10", "-o"]).arg(&bake).status().unwrap();
    assert!(st.success());
    let render = |frames: &str, out: &Path| {
        let st = reel().args(["render", "--quiet", "--frames", frames, "--bake"]).arg(&bake).arg("-o").arg(format!("{}/", out.display())).status().unwrap();
        assert!(st.success(), "render --frames {frames} failed");
    };
    let (whole, chunks) = (dir.join("whole"), dir.join("chunks"));
    render("30..42", &whole);
    render("30..36", &chunks);
    render("36..42", &chunks);
    for i in 30..42 {
        let name = format!("frame_{i:05}.png");
        let a = image::open(whole.join(&name)).unwrap().to_rgba8();
        let b = image::open(chunks.join(&name)).unwrap().to_rgba8();
        assert!(a.as_raw() == b.as_raw(), "{name} differs between the whole and the chunked render");
    }
    assert_eq!(std::fs::read_dir(&chunks).unwrap().count(), 12);
    // A range outside the video is a usage error, not a crash.
    let out = reel().args(["render", "--quiet", "--frames", "0..9999", "--bake"]).arg(&bake).arg("-o").arg(dir.join("x.mp4")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn gif_output() {
    let dir = scratch("gif");
    let out = dir.join("w.gif");
    let st = reel()
        .arg("render")
        .arg(root().join("examples/ball.scene"))
        .args(["--size", "64x36", "--fps", "5", "--frames", "0..6", "--quiet", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"GIF89a"));
    let info = ffprobe(&out, "stream=width,height,nb_read_frames");
    assert!(info.contains("width=64") && info.contains("nb_read_frames=6"), "{info}");
}

/// Decoded RGB bytes of every frame of a video (ffmpeg's CLI, as a reference decoder).
fn decoded(path: &Path) -> Vec<u8> {
    let out = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).output().unwrap();
    assert!(out.status.success(), "{} does not decode: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn chunks_rendered_as_separate_processes_join_into_the_whole_video() {
    // Scale-out as an array job does it: bake once, render chunk K of N in separate
    // processes (`--chunk K/N`), join them with `reel concat`.
    let dir = scratch("concat");
    let bake = dir.join("w.bake");
    let st = reel().arg("bake").arg(root().join("examples/wukong.scene")).args(["--size", "96x54", "--fps", "10", "-o"]).arg(&bake).status().unwrap();
    assert!(st.success());
    let chunks: Vec<PathBuf> = (0..3).map(|k| dir.join(format!("chunk-{k}.mp4"))).collect();
    let children: Vec<_> = chunks
        .iter()
        .enumerate()
        .map(|(k, c)| reel().args(["render", "--quiet", "--bake"]).arg(&bake).args(["--chunk", &format!("{k}/3"), "-o"]).arg(c).spawn().unwrap())
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let whole = dir.join("whole.mp4");
    assert!(reel().args(["render", "--quiet", "--bake"]).arg(&bake).arg("-o").arg(&whole).status().unwrap().success());
    let joined = dir.join("joined.mp4");
    let out = reel().arg("concat").args(&chunks).arg("-o").arg(&joined).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // As many frames, as long, at the same rate as the whole render.
    let info = |p: &Path| ffprobe(p, "stream=nb_read_frames,r_frame_rate,duration");
    assert_eq!(info(&joined), info(&whole));
    // The chunks' frames, unchanged and in order (no re-encoding).
    let parts: Vec<u8> = chunks.iter().flat_map(|c| decoded(c)).collect();
    assert!(decoded(&joined) == parts, "the joined video's frames differ from its chunks'");
    // And they are the whole render's frames: chunks start on its keyframes.
    assert!(decoded(&joined) == decoded(&whole), "the joined chunks decode to other frames than the whole render");
    // A chunk cut short is refused, naming it, and nothing is written.
    let bytes = std::fs::read(&chunks[1]).unwrap();
    let cut = dir.join("cut.mp4");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let refused = dir.join("refused.mp4");
    let out = reel().arg("concat").arg(&chunks[0]).arg(&cut).arg(&chunks[2]).arg("-o").arg(&refused).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cut.mp4 is not a whole chunk"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!refused.exists());
    // Chunks of different sizes are refused, and nothing is written.
    let other = dir.join("other.mp4");
    let st = reel()
        .arg("render")
        .arg(root().join("examples/ball.scene"))
        .args(["--size", "64x36", "--fps", "10", "--quiet", "--frames", "0..5", "-o"])
        .arg(&other)
        .status()
        .unwrap();
    assert!(st.success());
    let bad = dir.join("bad.mp4");
    let out = reel().arg("concat").arg(&chunks[0]).arg(&other).arg("-o").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must come from one bake"));
    assert!(!bad.exists());
    assert!(std::fs::read_dir(&dir).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("reel-tmp")));
}

#[test]
fn the_deploy_manifests_run_the_commands_the_cli_has() {
    // The array jobs in deploy/ call `reel render --bake … --chunk K/N` and `reel concat`,
    // with the index their engine gives each task.
    let k8s = std::fs::read_to_string(root().join("deploy/kubernetes/render-job.yaml")).unwrap();
    assert!(k8s.contains("completionMode: Indexed") && k8s.contains("--chunk \"$JOB_COMPLETION_INDEX/$CHUNKS\""));
    let slurm = std::fs::read_to_string(root().join("deploy/slurm/render.sbatch")).unwrap();
    assert!(slurm.contains("SLURM_ARRAY_TASK_ID") && slurm.contains("--chunk \"$k/$CHUNKS\""));
    for f in ["deploy/kubernetes/concat-job.yaml", "deploy/slurm/concat.sbatch"] {
        assert!(std::fs::read_to_string(root().join(f)).unwrap().contains("reel concat"), "{f}");
    }
    // `--chunk` splits a video into near-equal ranges that cover it once.
    let bake = scratch("chunks").join("b.bake");
    assert!(reel().arg("bake").arg(root().join("examples/ball.scene")).args(["--size", "64x36", "--fps", "10", "-o"]).arg(&bake).status().unwrap().success());
    let out = reel().args(["render", "--bake"]).arg(&bake).args(["--chunk", "3/3", "-o", "x.mp4"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the index must be 0 to 2"));
}

#[test]
fn a_killed_render_leaves_nothing_under_the_output_name() {
    // SIGKILL while frames are being written: the video goes to a temporary name and is
    // renamed only when finished, so the output name never holds a partial file.
    let dir = scratch("killed");
    let out = dir.join("v.mp4");
    let mut child = reel().arg("render").arg(root().join("examples/wukong.scene")).args(["--size", "640x360", "--quiet", "-o"]).arg(&out).spawn().unwrap();
    // Wait until the encoder has started writing (its temporary file exists), then kill.
    let started = std::time::Instant::now();
    let writing = loop {
        let tmp = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().contains("reel-tmp"));
        if tmp || started.elapsed() > std::time::Duration::from_secs(120) {
            break tmp;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().unwrap();
    let _ = child.wait();
    assert!(writing, "the render never started writing");
    assert!(!out.exists(), "a partial video was left under the output name");
}

#[test]
fn several_renderers_make_the_same_frames_as_one() {
    // On a CPU adapter long renders use several renderers taking frames in turn; the encoder
    // puts their frames back in order. Forced here at 1, 2 and 3 on a short chunk.
    let dir = scratch("renderers");
    let src = std::fs::read_to_string(root().join("examples/wukong.scene")).unwrap();
    let mut ir = reel::compile(&src).0.unwrap();
    ir.resolution = [96, 54];
    ir.fps = 10;
    let bake = reel::sim::simulate(&ir);
    let render = |n: usize, out: &Path| {
        let stats = reel::cli::render_bake_with(&bake, 20..31, out, 20, reel::cli::Antialias::Fxaa, false, Some(n)).unwrap();
        assert_eq!(stats.frames, 11);
    };
    let (one, three) = (dir.join("one"), dir.join("three"));
    render(1, &PathBuf::from(format!("{}/", one.display())));
    render(3, &PathBuf::from(format!("{}/", three.display())));
    for i in 20..31 {
        let name = format!("frame_{i:05}.png");
        assert!(std::fs::read(one.join(&name)).unwrap() == std::fs::read(three.join(&name)).unwrap(), "{name} differs with three renderers");
    }
    // The MP4 path (NV12 from the device): the same video, frame for frame, in order.
    let (a, b) = (dir.join("one.mp4"), dir.join("two.mp4"));
    render(1, &a);
    render(2, &b);
    let (da, db) = (decoded(&a), decoded(&b));
    assert_eq!(da.len(), 96 * 54 * 3 * 11);
    assert!(da == db, "the video differs with two renderers");
}
