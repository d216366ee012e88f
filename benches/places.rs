//! A street set against a plain floor (release build; `cargo bench --bench places`): the same
//! film, two people walking along the street toward the camera, rendered and encoded as
//! `reel render` does it (frames in flight, the encoder on its own thread) on the plain
//! checkered floor with nothing else, in the `street` set by day (brick fronts, asphalt,
//! pavements, windows, 46 pieces) and at dusk (its four lamps lit), in one run; and x264
//! alone on the street's frames, at 1280x720. Frames per second are 90 / the time per
//! iteration.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

/// Two people walking toward the camera, on the plain floor or in the street set (`time`).
fn scene(set: Option<&str>) -> String {
    let place = set.map_or(String::new(), |time| format!("use std.sets.street\nset street {{ time {time} }}\n"));
    format!(
        "scene \"street\" {{ resolution 1280x720, fps 30, duration 5s }}\nuse std.characters.person\n{place}\
         actor ann = person {{ height 1.7m, at (-8m, -5.2m), facing +x }}\n\
         actor bob = person {{ height 1.8m, at (-8m, -6m), facing +x }}\n\
         camera cam {{ lens 35mm }}\n\
         timeline {{\n    ann {{ walk to (-2m, -5.2m) over 5s }}\n    bob {{ walk to (-2m, -6m) over 5s }}\n\
             cam {{ place (2m, 1.6m, -5m) toward (-5m, 1m, -5.6m) for 5s }}\n}}\n"
    )
}

fn street_against_plain_floor(c: &mut Criterion) {
    reel::cli::keep_freed_memory();
    let mut g = c.benchmark_group("places");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let dir = std::env::temp_dir().join(format!("reel-bench-places-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("p.mp4");
    for (name, set) in [("plain floor", None), ("street set by day", Some("noon")), ("street set at dusk", Some("evening"))] {
        let (ir, diags) = reel::compile(&scene(set));
        let ir = ir.unwrap_or_else(|| panic!("{diags:?}"));
        let bake = reel::sim::simulate(&ir);
        g.bench_function(format!("{name}: render+encode 1280x720, 90 frames"), |b| {
            b.iter(|| reel::cli::render_bake(&bake, 30..120, &out, 20, reel::cli::Antialias::Fxaa, false).unwrap())
        });
        if set == Some("noon") {
            let mut nv = reel::render::Renderer::with_options(1280, 720, reel::render::Antialias::Fxaa, reel::render::Layout::Nv12).unwrap();
            let frames: Vec<Vec<u8>> = (30..120).map(|k| nv.render(&bake, &bake.frames[k]).unwrap()).collect();
            g.bench_function("x264 alone 1280x720, the street's 90 frames", |b| {
                b.iter(|| {
                    let mut enc = reel::encode::Mp4Writer::create(&dir.join("x.mp4"), 1280, 720, 30, 20).unwrap();
                    for f in &frames {
                        enc.push_nv12(f).unwrap();
                    }
                    enc.finish().unwrap()
                })
            });
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    g.finish();
}

criterion_group!(benches, street_against_plain_floor);
criterion_main!(benches);
