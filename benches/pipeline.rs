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

fn simulate(c: &mut Criterion) {
    let ir = reel::compile(&wukong_src()).0.unwrap();
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    g.bench_function("wukong story (5 s of story time)", |b| b.iter(|| reel::sim::simulate_story(&ir, None)));
    g.bench_function("wukong bake (271 frames)", |b| b.iter(|| reel::sim::simulate(&ir)));
    g.finish();
}

fn render_and_encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (w, h) in [(640u32, 360u32), (1280, 720), (1920, 1080)] {
        let mut ir = reel::compile(&wukong_src()).0.unwrap();
        ir.resolution = [w, h];
        let bake = reel::sim::simulate(&ir);
        let frame = bake.frames[60].clone();
        let mut r = reel::render::Renderer::new(w, h).unwrap();
        g.bench_function(format!("render {w}x{h}"), |b| b.iter(|| r.render(&bake, &frame).unwrap()));
        // Encode real, changing frames (a repeated frame would flatter x264).
        let frames: Vec<Vec<u8>> = (0..12).map(|k| r.render(&bake, &bake.frames[30 + 10 * k]).unwrap()).collect();
        let mut k = 0;
        let dir = std::env::temp_dir().join(format!("reel-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut enc = reel::encode::Mp4Writer::create(&dir.join("b.mp4"), w, h, 30, 20).unwrap();
        g.bench_function(format!("encode {w}x{h} (x264 veryfast)"), |b| {
            b.iter(|| {
                k = (k + 1) % frames.len();
                enc.push_rgba(&frames[k]).unwrap()
            })
        });
        drop(enc);
        let _ = std::fs::remove_dir_all(&dir);
    }
    g.finish();
}

criterion_group!(benches, front_end, simulate, render_and_encode);
criterion_main!(benches);
