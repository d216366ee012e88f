//! One benchmark per stage on the benchmark scene: check, simulate, render a frame, encode
//! a frame (release build; `cargo bench`). Render numbers depend on the adapter: lavapipe on
//! a CPU-only machine, a real GPU elsewhere.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;

fn wukong_src() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wukong.scene")).unwrap()
}

fn front_end(c: &mut Criterion) {
    let src = wukong_src();
    c.bench_function("check wukong", |b| b.iter(|| reel::compile(&src)));
}

/// A generated scene: `actors` figures with properties, each with a track of `waves` waves
/// after a walk.
fn generated_scene(actors: usize, waves: usize) -> String {
    let mut s = String::from("scene \"big\" { resolution 640x360, fps 24 }\nuse std.characters.humanoid\ncamera cam { lens 35mm }\n");
    for i in 0..actors {
        s += &format!("actor a{i} = humanoid {{\n    height 1.7m\n    color #c8912e\n    at ({}m, {}m)\n    facing +x\n}}\n", i % 100, i / 100);
    }
    s += "timeline {\n";
    for i in 0..actors {
        s += &format!("    a{i} {{\n        walk to ({}m, {}m) over 2s\n", i % 100 + 1, i / 100);
        for _ in 0..waves {
            s += "        wave right_arm for 1s\n";
        }
        s += "    }\n";
    }
    s += "    cam { wide a0 for 3s }\n}\n";
    s
}

/// The front end at scale: a 10,000-line scene, 100,000 actors, and fmt against check.
fn front_end_at_scale(c: &mut Criterion) {
    let mut g = c.benchmark_group("front end at scale");
    g.sample_size(10);
    // 200 figures (under the entity limit) with 43 motions each: a scene that checks clean.
    let ten_k = generated_scene(200, 42);
    assert!(ten_k.lines().count() >= 10_000, "{} lines", ten_k.lines().count());
    assert!(reel::compile(&ten_k).0.is_some(), "the 10,000-line scene should check clean");
    g.bench_function("check 10,000 lines", |b| b.iter(|| reel::compile(&ten_k)));
    g.bench_function("fmt 10,000 lines", |b| b.iter(|| reel::syntax::fmt::format(&ten_k).unwrap()));
    // One line per actor (the whole file must stay under the 16 MiB source limit).
    let mut hundred_k = String::from("scene \"crowd\" { fps 24 }\nuse std.characters.humanoid\ncamera cam {}\n");
    for i in 0..100_000 {
        hundred_k += &format!("actor a{i} = humanoid {{ at ({}m, {}m) }}\n", i % 1000, i / 1000);
    }
    hundred_k += "timeline {\n    cam { wide a0 for 3s }\n}\n";
    assert!(hundred_k.len() < reel::syntax::MAX_SOURCE_BYTES);
    // More actors than the entity limit: checked in full, with one E0208 for the count.
    assert!(reel::compile(&hundred_k).1.iter().any(|d| d.code == "E0208"));
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("check 100,000 actors", |b| b.iter(|| reel::compile(&hundred_k)));
    g.finish();
}

fn simulate(c: &mut Criterion) {
    let ir = reel::compile(&wukong_src()).0.unwrap();
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    g.bench_function("wukong story (5 s of story time)", |b| b.iter(|| reel::sim::simulate_story(&ir, None)));
    g.bench_function("wukong bake (271 frames)", |b| b.iter(|| reel::sim::simulate(&ir)));
    // 200 balls raining onto a table, 10 s of story.
    let mut rain = String::from("scene \"rain\" { fps 30 }\nuse std.props.{table, ball}\nprop desk = table { size (2m, 0.75m, 1.2m) }\ncamera cam {}\n");
    for i in 0..200 {
        let (x, z, y) = ((i % 20) as f32 * 0.09 - 0.86, (i / 20) as f32 * 0.1 - 0.45, 1.0 + (i % 7) as f32 * 0.15);
        rain += &format!("prop b{i} = ball {{ radius 3cm, at ({x}m, {y}m, {z}m) }}\n");
    }
    rain += "timeline {\n    cam { wide desk for 10s }\n}\n";
    let rain_ir = reel::compile(&rain).0.expect("the rain scene checks");
    g.bench_function("200 balls onto a table (10 s of story)", |b| b.iter(|| reel::sim::simulate_story(&rain_ir, Some(10.0))));
    g.finish();
}

fn render_and_encode(c: &mut Criterion) {
    reel::cli::keep_freed_memory();
    let mut g = c.benchmark_group("frame");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (w, h) in [(640u32, 360u32), (1280, 720), (1920, 1080)] {
        let mut ir = reel::compile(&wukong_src()).0.unwrap();
        ir.resolution = [w, h];
        let bake = reel::sim::simulate(&ir);
        let frame = bake.frames[60].clone();
        let mut r = reel::render::Renderer::new(w, h).unwrap();
        g.bench_function(format!("render {w}x{h}"), |b| b.iter(|| r.render(&bake, &frame).unwrap()));
        // What an MP4 gets: NV12 converted on the device.
        let mut nv = reel::render::Renderer::with_options(w, h, reel::render::Antialias::Fxaa, reel::render::Layout::Nv12).unwrap();
        g.bench_function(format!("render {w}x{h} as NV12"), |b| b.iter(|| nv.render(&bake, &frame).unwrap()));
        if w == 1280 {
            let mut m = reel::render::Renderer::with_antialias(w, h, reel::render::Antialias::Msaa4).unwrap();
            g.bench_function(format!("render {w}x{h} with 4x MSAA"), |b| b.iter(|| m.render(&bake, &frame).unwrap()));
            // The whole pipeline as `reel render` runs it: frames in flight, the encoder on
            // its own thread, two renderers on a CPU adapter; 90 frames per iteration (the
            // renderers' start included).
            let dir = std::env::temp_dir().join(format!("reel-bench-pipe-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let out = dir.join("p.mp4");
            g.bench_function(format!("render+encode {w}x{h}, 90 frames"), |b| {
                b.iter(|| reel::cli::render_bake(&bake, 60..150, &out, 20, reel::cli::Antialias::Fxaa, false).unwrap())
            });
            let _ = std::fs::remove_dir_all(&dir);
        }
        // Encode real, changing frames (a repeated frame would flatter x264): RGBA through
        // swscale, and NV12 from the device as the pipeline hands it over.
        let dir = std::env::temp_dir().join(format!("reel-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        type Push = fn(&mut reel::encode::Mp4Writer, &[u8]) -> Result<(), reel::encode::EncodeError>;
        let cases: [(&str, &mut reel::render::Renderer, Push); 2] = [
            ("RGBA (swscale + x264 veryfast)", &mut r, reel::encode::Mp4Writer::push_rgba),
            ("NV12 (x264 veryfast)", &mut nv, reel::encode::Mp4Writer::push_nv12),
        ];
        for (what, renderer, push) in cases {
            let frames: Vec<Vec<u8>> = (0..12).map(|k| renderer.render(&bake, &bake.frames[30 + 10 * k]).unwrap()).collect();
            let mut enc = reel::encode::Mp4Writer::create(&dir.join("b.mp4"), w, h, 30, 20).unwrap();
            let mut k = 0;
            g.bench_function(format!("encode {w}x{h} {what}"), |b| {
                b.iter(|| {
                    k = (k + 1) % frames.len();
                    push(&mut enc, &frames[k]).unwrap()
                })
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    g.finish();
}

criterion_group!(benches, front_end, front_end_at_scale, simulate, render_and_encode);
criterion_main!(benches);
