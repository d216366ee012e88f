//! glTF models for props: reading (only from the scene's folder), flattening and fitting,
//! the physics that stays the prop's own, and bakes that render without the file.

use reel::model::{load, resolve};
use reel::render::Renderer;
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// A temporary folder for one test, removed when dropped.
struct Scratch(PathBuf);
impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("reel-models-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A binary glTF: `json` with `bin` as its buffer.
fn glb(json: &serde_json::Value, bin: &[u8]) -> Vec<u8> {
    let mut js = serde_json::to_vec(json).unwrap();
    while js.len() % 4 != 0 {
        js.push(b' ');
    }
    let mut b = bin.to_vec();
    while b.len() % 4 != 0 {
        b.push(0);
    }
    let mut out = Vec::new();
    out.extend(b"glTF");
    out.extend(2u32.to_le_bytes());
    out.extend(((12 + 8 + js.len() + 8 + b.len()) as u32).to_le_bytes());
    out.extend((js.len() as u32).to_le_bytes());
    out.extend(b"JSON");
    out.extend(&js);
    out.extend((b.len() as u32).to_le_bytes());
    out.extend(b"BIN\0");
    out.extend(&b);
    out
}

/// A square pyramid (4 side triangles and 2 for the base), no normals, no indices, placed
/// by a parent node that moves it and a child node that scales it by 2 along x.
fn pyramid() -> Vec<u8> {
    let (a, b, c, d, top) = ([-1.0f32, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [0.0, 1.0, 0.0]);
    // Counter-clockwise seen from outside, as glTF's front faces are.
    let tris = [[b, a, top], [c, b, top], [d, c, top], [a, d, top], [a, b, c], [a, c, d]];
    let bin: Vec<u8> = tris.iter().flatten().flatten().flat_map(|f| f.to_le_bytes()).collect();
    let json = serde_json::json!({
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"translation": [5.0, 0.0, 0.0], "children": [1]}, {"mesh": 0, "scale": [2.0, 1.0, 1.0]}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "buffers": [{"byteLength": bin.len()}],
        "bufferViews": [{"buffer": 0, "byteLength": bin.len()}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 18, "type": "VEC3", "min": [-1.0, 0.0, -1.0], "max": [1.0, 1.0, 1.0]}]
    });
    glb(&json, &bin)
}

fn bounds(m: &reel::model::ModelMesh) -> ([f32; 3], [f32; 3]) {
    let mut lo = [f32::INFINITY; 3];
    let mut hi = [f32::NEG_INFINITY; 3];
    for p in &m.positions {
        for k in 0..3 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    (lo, hi)
}

#[test]
fn the_desk_model_loads_fitted_into_the_unit_cube() {
    let m = load(&examples(), "models/desk.glb").unwrap();
    assert_eq!(m.indices.len() / 3, 96);
    assert_eq!(m.positions.len(), m.normals.len());
    let (lo, hi) = bounds(&m);
    for k in 0..3 {
        assert!((lo[k] + 0.5).abs() < 1e-5 && (hi[k] - 0.5).abs() < 1e-5, "axis {k}: {lo:?} .. {hi:?}");
    }
    assert!(m.normals.iter().all(|n| ((n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt() - 1.0).abs() < 1e-4));
}

#[test]
fn node_transforms_apply_and_missing_normals_are_made_per_face() {
    let dir = Scratch::new("pyramid");
    std::fs::write(dir.0.join("pyramid.glb"), pyramid()).unwrap();
    let m = load(&dir.0, "pyramid.glb").unwrap();
    assert_eq!(m.indices.len(), 18);
    let (lo, hi) = bounds(&m);
    assert!((lo[1] + 0.5).abs() < 1e-5 && (hi[1] - 0.5).abs() < 1e-5);
    // The base's two triangles face straight down after fitting.
    let down = m.normals.iter().filter(|n| n[1] < -0.999).count();
    assert_eq!(down, 6, "{:?}", m.normals);
    // A side face's normal: the child's x scale of 2 and the fit make the sides' slopes
    // differ between x and z, so the ±x faces and ±z faces lean differently.
    let side_x = m.normals.iter().find(|n| n[0] > 0.1).unwrap();
    let side_z = m.normals.iter().find(|n| n[2] > 0.1).unwrap();
    assert!((side_x[1] - side_z[1]).abs() < 1e-4, "fitted to a cube both lean alike: {side_x:?} {side_z:?}");
}

#[test]
fn models_are_read_only_from_the_scene_folder() {
    let dir = Scratch::new("policy");
    std::fs::write(dir.0.join("ok.glb"), pyramid()).unwrap();
    std::fs::create_dir_all(dir.0.join("sub")).unwrap();
    std::fs::write(dir.0.join("sub/ok.glb"), pyramid()).unwrap();
    assert!(resolve(&dir.0, "ok.glb").is_ok());
    assert!(resolve(&dir.0, "sub/ok.glb").is_ok());
    for bad in ["../ok.glb", "/etc/hostname", "sub/../../ok.glb", "", "ok.txt", "nothere.glb"] {
        assert!(resolve(&dir.0, bad).is_err(), "{bad:?} was accepted");
    }
    #[cfg(unix)]
    {
        let outside = Scratch::new("outside");
        std::fs::write(outside.0.join("far.glb"), pyramid()).unwrap();
        std::os::unix::fs::symlink(outside.0.join("far.glb"), dir.0.join("link.glb")).unwrap();
        let e = resolve(&dir.0, "link.glb").unwrap_err();
        assert!(e.contains("outside"), "{e}");
    }
    // Hostile contents: not glTF, truncated, an index past the vertices.
    std::fs::write(dir.0.join("junk.glb"), b"glTF\x02\0\0\0garbage").unwrap();
    assert!(load(&dir.0, "junk.glb").is_err());
    let mut cut = pyramid();
    cut.truncate(cut.len() - 40);
    std::fs::write(dir.0.join("cut.glb"), &cut).unwrap();
    assert!(load(&dir.0, "cut.glb").is_err());
}

fn study() -> reel::ir::Scene {
    let src = std::fs::read_to_string(examples().join("study.scene")).unwrap();
    let (ir, diags) = reel::compile_in(&src, Some(&examples()));
    assert!(diags.iter().all(|d| d.severity != reel::diag::Severity::Error), "{diags:?}");
    let mut ir = ir.unwrap();
    ir.resolution = [320, 180];
    ir
}

#[test]
fn a_modelled_table_keeps_its_colliders_and_the_bake_carries_the_mesh() {
    let ir = study();
    let bake = reel::sim::simulate(&ir);
    assert!(bake.notes.is_empty(), "{:?}", bake.notes);
    // The desk file once for both props, then the robot's 20 parts.
    assert_eq!(bake.models.len(), 21);
    let stool = bake.nodes.iter().find(|n| n.name == "stool").unwrap();
    assert_eq!(stool.shape, reel::sim::Shape::Model(0), "the desk file is loaded once for both props");
    let desk = bake.nodes.iter().find(|n| n.name == "desk").unwrap();
    assert_eq!(desk.shape, reel::sim::Shape::Model(0));
    // The figure lands on the desk's top (the table's collider, 0.75 m), not the floor.
    let landing = bake.events.iter().find(|e| e.name == "hop.landing").expect("the hop lands");
    let kid = bake.nodes.iter().position(|n| n.name == "kid.foot_l").unwrap();
    let f = bake.frames.iter().find(|f| f.story_time_secs >= landing.story_time_secs + 0.3).unwrap();
    let sole = f.nodes[kid].translation[1] - 0.02 * 0.2;
    assert!((sole - 0.75).abs() < 0.01, "the kid's sole is at {sole:.3} m after landing on a 0.75 m desk");
}

#[test]
fn a_modelled_prop_draws_its_model_and_a_bake_renders_without_the_file() {
    let ir = study();
    let bake = reel::sim::simulate(&ir);
    let mut plain_ir = ir.clone();
    for p in &mut plain_ir.props {
        p.model = None;
    }
    let plain = reel::sim::simulate(&plain_ir);
    let f = (bake.fps as usize * 2).min(bake.frames.len() - 1);
    let mut r = Renderer::new(320, 180).expect("a wgpu adapter");
    let with_model = r.render(&bake, &bake.frames[f]).unwrap();
    let as_table = r.render(&plain, &plain.frames[f]).unwrap();
    let differ = with_model.chunks(4).zip(as_table.chunks(4)).filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24)).count();
    assert!(differ > 200, "the model looks like the plain table: {differ} pixels differ");
    // Through JSON, with no folder: the mesh is in the bake.
    let json = serde_json::to_string(&bake).unwrap();
    let again: reel::sim::Bake = serde_json::from_str(&json).unwrap();
    let mut r2 = Renderer::new(320, 180).unwrap();
    assert!(r2.render(&again, &again.frames[f]).unwrap() == with_model);
}

#[test]
fn a_segmented_figure_draws_each_named_part_with_its_mesh() {
    let parts = reel::model::load_parts(&examples(), "models/robot.glb", reel::model::FIGURE_PARTS).unwrap();
    assert_eq!(parts.len(), 20, "every part is named in robot.glb");
    // A file with no node named after a part is refused, with the reason.
    let dir = Scratch::new("unnamed");
    std::fs::write(dir.0.join("pyramid.glb"), pyramid()).unwrap();
    let e = reel::model::load_parts(&dir.0, "pyramid.glb", reel::model::FIGURE_PARTS).unwrap_err();
    assert!(e.contains("named after a part"), "{e}");
    let src = format!("use std.characters.humanoid\nactor a = humanoid {{ model \"pyramid.glb\" }}\ncamera cam {{}}\ntimeline {{ cam {{ wide a for 1s }} }}\n");
    let (_, diags) = reel::compile_in(&src, Some(&dir.0));
    assert!(diags.iter().any(|d| d.code == "E0112"), "{diags:?}");

    let ir = study();
    let bake = reel::sim::simulate(&ir);
    for part in ["bot.head", "bot.torso", "bot.thigh_l", "bot.hand_r"] {
        let n = bake.nodes.iter().find(|n| n.name == part).unwrap();
        assert!(matches!(n.shape, reel::sim::Shape::Model(_)), "{part} is {:?}", n.shape);
    }
    // The walk is the figure's own: the model changes only the picture.
    let mut plain = ir.clone();
    plain.actors.iter_mut().for_each(|a| a.model = None);
    let plain_bake = reel::sim::simulate(&plain);
    let f = bake.frames.len() / 2;
    assert_eq!(bake.frames[f].nodes, plain_bake.frames[f].nodes, "the same poses with and without the model");
}

/// A model whose one accessor is sparse: `count` vertices, of which `sparse` are given by
/// a few bytes of indices and values. `count` can be any lie.
fn sparse_model(count: u64, sparse: u64) -> Vec<u8> {
    let bin = vec![0u8; 64];
    let json = serde_json::json!({
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "buffers": [{"byteLength": 64}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 16}, {"buffer": 0, "byteOffset": 16, "byteLength": 48}],
        "accessors": [{
            "componentType": 5126, "type": "VEC3", "count": count, "min": [0, 0, 0], "max": [1, 1, 1],
            "sparse": {"count": sparse, "indices": {"bufferView": 0, "componentType": 5125}, "values": {"bufferView": 1}}
        }]
    });
    glb(&json, &bin)
}

#[test]
fn counts_a_model_claims_are_bounded_by_its_bytes_and_the_budget() {
    // A few hundred bytes claiming 1e8 or 1e10 vertices allocated gigabytes, or aborted.
    let dir = Scratch::new("sparse");
    for (count, sparse, why) in [(100_000_000u64, 3u64, "budget"), (10_000_000_000, 3, "budget"), (3, 1_000, "bytes"), (9, 5, "bytes")] {
        let bytes = sparse_model(count, sparse);
        assert!(bytes.len() < 1024);
        std::fs::write(dir.0.join("m.glb"), &bytes).unwrap();
        let err = load(&dir.0, "m.glb").expect_err("a lying model loaded");
        assert!(err.contains(why), "count {count}, sparse {sparse}: {err}");
        // The checker says so with its code, as `reel check`, the LSP and watch see it.
        let src = "scene \"s\" { fps 10 }\nuse std.props.{box}\nprop b = box { size (1m, 1m, 1m), model \"m.glb\" }\n";
        let (_, diags) = reel::compile_in(src, Some(&dir.0));
        assert!(diags.iter().any(|d| d.code == "E0112" && d.message.contains(why)), "{diags:#?}");
    }
    // Honest sparse accessors still load.
    std::fs::write(dir.0.join("ok.glb"), sparse_model(3, 3)).unwrap();
    assert!(load(&dir.0, "ok.glb").is_ok());
}
