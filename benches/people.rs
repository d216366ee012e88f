//! People against mannequins (release build; `cargo bench --bench people`): the same scene,
//! two figures walking side by side and filling about a third of the frame, rendered and
//! encoded as `reel render` does it (frames in flight, the encoder on its own thread),
//! with the figures as mannequins and as people, in one run; and x264 alone on the same
//! frames, at 1280x720 and 1920x1080. Frames per second are 90 / the time per iteration.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

/// Two figures of `kind` walking side by side toward the camera.
fn scene(kind: &str, w: u32, h: u32) -> String {
    format!(
        "scene \"two\" {{ resolution {w}x{h}, fps 30, duration 5s }}\nuse std.characters.{kind}\n\
         world {{ sky noon, sun {{ direction (-0.5, -1, -0.4), strength 3 }} }}\n\
         actor ann = {kind} {{ height 1.7m, at (-3m, -0.5m), facing +x }}\n\
         actor bob = {kind} {{ height 1.8m, at (-3m, 0.5m), facing +x }}\n\
         camera cam {{ lens 35mm }}\n\
         timeline {{\n    ann {{ walk to (1m, -0.5m) over 5s }}\n    bob {{ walk to (1m, 0.5m) over 5s }}\n\
             cam {{ place (6m, 1.2m, 0m) toward (-1m, 0.9m, 0m) for 5s }}\n}}\n"
    )
}

fn people_against_mannequins(c: &mut Criterion) {
    reel::cli::keep_freed_memory();
    let mut g = c.benchmark_group("people");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let dir = std::env::temp_dir().join(format!("reel-bench-people-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("p.mp4");
    for (w, h) in [(1280u32, 720u32), (1920, 1080)] {
        for kind in ["mannequin", "person"] {
            let (ir, diags) = reel::compile(&scene(kind, w, h));
            let ir = ir.unwrap_or_else(|| panic!("{diags:?}"));
            let bake = reel::sim::simulate(&ir);
            g.bench_function(format!("{kind}s: render+encode {w}x{h}, 90 frames"), |b| {
                b.iter(|| reel::cli::render_bake(&bake, 30..120, &out, 20, reel::cli::Antialias::Fxaa, false).unwrap())
            });
            if kind == "person" {
                // x264 alone on the same frames (NV12, as the pipeline hands them over).
                let mut nv = reel::render::Renderer::with_options(w, h, reel::render::Antialias::Fxaa, reel::render::Layout::Nv12).unwrap();
                let frames: Vec<Vec<u8>> = (30..120).map(|k| nv.render(&bake, &bake.frames[k]).unwrap()).collect();
                g.bench_function(format!("x264 alone {w}x{h}, the same 90 frames"), |b| {
                    b.iter(|| {
                        let mut enc = reel::encode::Mp4Writer::create(&dir.join("x.mp4"), w, h, 30, 20).unwrap();
                        for f in &frames {
                            enc.push_nv12(f).unwrap();
                        }
                        enc.finish().unwrap()
                    })
                });
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    g.finish();
}

criterion_group!(benches, people_against_mannequins);
criterion_main!(benches);
