//! What the stage tests share, one helper per seam: text → IR (`ir`, `check`), IR → story
//! and bake (`story`, `bake`), bake → frame (`frame_at`), and the examples. Each panics with
//! the rendered diagnostics when a scene that should check does not.
#![allow(dead_code)]

use reel::ir::{Event, Scene};
use reel::sim::{Bake, Frame, Story};
use std::path::Path;

/// The text of `examples/NAME.scene`.
pub fn example_src(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.scene"))).unwrap()
}

/// The IR of a scene that must check clean of errors.
pub fn ir(src: &str) -> Scene {
    let c = reel::compile_bytes("test.scene", src.as_bytes().to_vec(), None);
    c.ir.unwrap_or_else(|| panic!("the scene does not check:\n{}\n{src}", reel::diag::render_human(&c.diags, &c.sources, false)))
}

/// The IR of `examples/NAME.scene`, checked in its folder (for its models and used files).
pub fn example(name: &str) -> Scene {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let c = reel::compile_bytes(&format!("{name}.scene"), example_src(name).into_bytes(), Some(&dir));
    c.ir.unwrap_or_else(|| panic!("{name} does not check:\n{}", reel::diag::render_human(&c.diags, &c.sources, false)))
}

/// Check `src` and compare its diagnostics' codes, in order, with `expect`.
pub fn check(src: &str, expect: &[&str]) {
    let (_, diags) = reel::compile(src);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, expect, "{diags:#?}");
}

/// The scene's IR and its simulated story.
pub fn story(src: &str) -> (Scene, Story) {
    let ir = ir(src);
    let story = reel::sim::simulate_story(&ir, None);
    (ir, story)
}

/// The bake of a scene.
pub fn bake(src: &str) -> Bake {
    reel::sim::simulate(&ir(src))
}

/// The bake's frame nearest screen time `secs`.
pub fn frame_at(bake: &Bake, secs: f64) -> Frame {
    let i = (secs * bake.fps as f64).round() as usize;
    bake.frames[i.min(bake.frames.len() - 1)].clone()
}

/// When `binding.e` happened in story time.
pub fn event(story: &Story, binding: &str, e: Event) -> f64 {
    *story.events.get(&(binding.to_string(), e)).unwrap_or_else(|| panic!("no event {binding}.{e:?}"))
}
