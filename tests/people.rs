//! People on a skeleton: the body's shapes, user characters' rigs, skinning on the device
//! against the bake's bones, planted feet on the skinned body, joint limits in every frame
//! of every example, limbs that keep out of each other.

#[path = "support/stages.rs"]
mod stages;

use glam::{Quat, Vec3};
use reel::model::rig::{self, BONE_COUNT};
use reel::sim::skeleton::{joint_angles, outside_limits, segment_distance, Skeleton};
use reel::sim::{Bake, Frame};
use stages::*;
use std::path::Path;

fn examples_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// A scene checked in the examples' folder (for their models).
fn ir_in_examples(src: &str) -> reel::ir::Scene {
    let c = reel::compile_bytes("t.scene", src.as_bytes().to_vec(), Some(&examples_dir()));
    c.ir.unwrap_or_else(|| panic!("{}", reel::diag::render_human(&c.diags, &c.sources, false)))
}

/// Where every vertex of figure `f`'s skin is in `frame` (CPU skinning, as the device does).
fn skinned(bake: &Bake, frame: &Frame, f: usize) -> Vec<Vec3> {
    let skin = &bake.skins[bake.figures[f].skin.expect("a skinned figure") as usize];
    let bones = &frame.bones[f * BONE_COUNT..(f + 1) * BONE_COUNT];
    (0..skin.positions.len()).map(|v| skin.skinned_position(v, bones)).collect()
}

fn figure(bake: &Bake, name: &str) -> usize {
    bake.figures.iter().position(|f| f.name == name).unwrap()
}

#[test]
fn a_child_is_shaped_like_a_child() {
    let ir = example("family");
    let share = |name: &str| {
        let a = ir.actors.iter().find(|a| a.name == name).unwrap();
        let rest = a.rest_m.as_ref().expect("a person has a skeleton");
        // The head (from the neck joint up) as a share of the height.
        (a.height_m - rest[rig::NECK][1]) / a.height_m
    };
    let (girl, father) = (share("girl"), share("father"));
    assert!(girl > father * 1.15, "a child's head is larger for her height: {girl:.3} vs {father:.3}");
}

#[test]
fn user_characters_of_three_rigs_map_and_move() {
    for rig_name in ["mixamo", "vrm", "unreal"] {
        let written = format!("models/robot_{rig_name}.glb");
        let m = reel::model::skinned::load_skinned(&examples_dir(), &written).unwrap_or_else(|e| panic!("{written}: {e}"));
        for b in rig::REQUIRED {
            assert!(m.has[b], "{written} has no {}", rig::BONES[b]);
        }
        let src = format!(
            "scene \"r\" {{ resolution 160x90, fps 10 }}\nuse std.characters.robot\nactor r = robot {{ height 1.2m, model \"{written}\" }}\ncamera cam {{}}\ntimeline {{ r {{ walk to (2m, 0m) over 2s\n wave right_arm for 1s }} cam {{ wide r for 3s }} }}\n"
        );
        let bake = reel::sim::simulate(&ir_in_examples(&src));
        let first = skinned(&bake, &bake.frames[0], 0);
        let last = skinned(&bake, bake.frames.last().unwrap(), 0);
        let moved = first.iter().zip(&last).map(|(a, b)| b.x - a.x).sum::<f32>() / first.len() as f32;
        assert!((moved - 2.0).abs() < 0.15, "{written}: its vertices moved {moved:.2} m of the 2 m walked");
        // Its arm waves: the right hand ends above the shoulder.
        let f = bake.frames.iter().find(|f| f.story_time_secs > 2.6).unwrap();
        let (hand, shoulder) = (f.bones[rig::HAND[1]].translation[1], f.bones[rig::UPPERARM[1]].translation[1]);
        assert!(hand > shoulder, "{written}: the waving hand is at {hand:.2} m, the shoulder at {shoulder:.2} m");
    }
    let e = reel::model::skinned::load_skinned(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui"), "one_bone.glb").unwrap_err();
    let reel::model::skinned::SkinError::Missing(missing) = e else { panic!("{e:?}") };
    for b in ["pelvis", "head", "thigh_l", "hand_r"] {
        assert!(missing.contains(&b), "{missing:?}");
    }
}

#[test]
fn the_device_skins_as_the_bake_says() {
    // The top of each person on screen, rendered, against the highest of their vertices as
    // the bake's bones put them (projected on the CPU).
    let mut bake = reel::sim::simulate(&example("family"));
    bake.resolution = [320, 180];
    let frame = frame_at(&bake, 3.0);
    let mut renderer = reel::render::Renderer::new(320, 180).expect("a wgpu adapter");
    let with = renderer.render(&bake, &frame).unwrap();
    let mut bare = bake.clone();
    bare.figures.clear();
    let mut bare_frame = frame.clone();
    bare_frame.bones.clear();
    let without = renderer.render(&bare, &bare_frame).unwrap();
    for name in ["father", "girl", "grandma"] {
        let f = figure(&bake, name);
        let pts: Vec<[f32; 2]> = skinned(&bake, &frame, f).iter().filter_map(|p| frame.camera.project(320.0 / 180.0, (*p).into())).collect();
        let (x0, x1) = pts.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[0] * 320.0), b.max(p[0] * 320.0)));
        let top_cpu = pts.iter().map(|p| p[1] * 180.0).fold(f32::MAX, f32::min);
        // The first row, within the figure's columns, where the picture changed.
        let top_gpu = (0..180)
            .find(|&y| {
                (x0.max(0.0) as usize..(x1.ceil() as usize).min(320)).any(|x| {
                    let i = (y * 320 + x) * 4;
                    (0..3).any(|c| with[i + c].abs_diff(without[i + c]) > 8)
                })
            })
            .expect("the figure is drawn") as f32;
        assert!((top_gpu - top_cpu).abs() <= 2.0, "{name}: the device drew its top at row {top_gpu}, the bake's bones put it at {top_cpu:.1}");
    }
}

#[test]
fn skinned_feet_stay_planted() {
    let ir = example("family");
    let bake = reel::sim::simulate(&ir);
    for name in ["father", "girl", "grandma"] {
        let f = figure(&bake, name);
        let skin = &bake.skins[bake.figures[f].skin.unwrap() as usize];
        for side in 0..2 {
            // The foot's sole: its vertices bound to the foot or toes, near the ground at rest.
            let foot: Vec<usize> = (0..skin.positions.len())
                .filter(|&v| {
                    let b = skin.bones[v][0] as usize;
                    (b == rig::FOOT[side] || b == rig::BALL[side]) && skin.weights[v][0] > 0.6 && skin.positions[v][1] < 0.02
                })
                .collect();
            assert!(foot.len() > 10, "{name}: {} sole vertices", foot.len());
            let mut stance: Vec<Vec3> = Vec::new();
            let mut worst = 0.0f32;
            for frame in bake.frames.iter().filter(|fr| (0.3..4.8).contains(&fr.story_time_secs)) {
                let bones = &frame.bones[f * BONE_COUNT..(f + 1) * BONE_COUNT];
                let sole: Vec<Vec3> = foot.iter().map(|&v| skin.skinned_position(v, bones)).collect();
                let low = sole.iter().map(|p| p.y).fold(f32::MAX, f32::min);
                let centre = sole.iter().copied().sum::<Vec3>() / sole.len() as f32;
                // Standing on it: the sole within 3 mm of the floor.
                if low < 0.003 {
                    stance.push(centre);
                    let d = stance.iter().map(|p| (p.with_y(0.0) - centre.with_y(0.0)).length()).fold(0.0, f32::max);
                    worst = worst.max(d);
                } else {
                    stance.clear();
                }
            }
            assert!(worst < 0.01, "{name}'s {} foot slid {:.1} cm in one stance", if side == 0 { "left" } else { "right" }, worst * 100.0);
        }
    }
}

/// Each figure's alignment (identity for a segmented one).
fn aligns(bake: &Bake, ir: &reel::ir::Scene) -> Vec<[Quat; BONE_COUNT]> {
    bake.figures
        .iter()
        .map(|fig| {
            let a = ir.actors.iter().find(|a| a.name == fig.name).unwrap();
            Skeleton::of(a).align
        })
        .collect()
}

#[test]
fn joint_limits_hold_in_every_frame_of_every_example() {
    let mut checked = 0;
    for e in std::fs::read_dir(examples_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "scene") {
            continue;
        }
        let name = p.file_stem().unwrap().to_str().unwrap().to_string();
        let ir = example(&name);
        let bake = reel::sim::simulate(&ir);
        let align = aligns(&bake, &ir);
        for frame in &bake.frames {
            for (f, fig) in bake.figures.iter().enumerate() {
                let bones: [Quat; BONE_COUNT] = std::array::from_fn(|b| Quat::from_array(frame.bones[f * BONE_COUNT + b].rotation));
                let bad = outside_limits(&joint_angles(&bones, &align[f]), 0.5);
                assert!(bad.is_empty(), "{name}: {} at {:.2}s: {bad:?}", fig.name, frame.story_time_secs);
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} poses checked");
}

#[test]
fn a_pose_beyond_the_table_is_caught_and_never_baked() {
    use reel::sim::humanoid::Pose;
    let skeleton = Skeleton::mannequin(1.7);
    let rotations = |pose: &Pose| -> [Quat; BONE_COUNT] {
        let (bones, _) = skeleton.pose(Vec3::ZERO, 0.0, pose);
        std::array::from_fn(|b| bones[b].rotation)
    };
    // Asked for a knee bent 170° and an elbow bent backwards: the skeleton holds them at
    // the table's limits.
    let wild = Pose { knee: [2.97, 0.0], elbow: [-0.6, 0.0], ..Pose::standing() };
    assert!(outside_limits(&joint_angles(&rotations(&wild), &skeleton.align), 0.01).is_empty());
    // Bones turned past a limit by hand are caught, by joint.
    let mut bent = rotations(&Pose::standing());
    bent[rig::CALF[0]] = bent[rig::THIGH[0]] * Quat::from_rotation_z(-150f32.to_radians());
    bent[rig::FOOT[0]] = bent[rig::CALF[0]];
    let bad = outside_limits(&joint_angles(&bent, &skeleton.align), 0.5);
    assert!(bad.iter().any(|b| b.starts_with("knee l")), "{bad:?}");
}

#[test]
fn limbs_keep_out_of_each_other() {
    let mut worst = (0.0f32, String::new());
    for name in ["family", "gymnast", "walkers", "wukong", "conversation"] {
        let ir = example(&name);
        let bake = reel::sim::simulate(&ir);
        for frame in bake.frames.iter().step_by(2) {
            for (f, fig) in bake.figures.iter().enumerate() {
                let capsules = Skeleton::of(ir.actors.iter().find(|a| a.name == fig.name).unwrap()).capsules();
                let at = |b: usize| Vec3::from(frame.bones[f * BONE_COUNT + b].translation);
                for (i, a) in capsules.iter().enumerate() {
                    for b in &capsules[i + 1..] {
                        // Capsules that meet at a joint: sharing a bone, parent and child, or
                        // children of one bone (the thighs and the spine at the pelvis).
                        let touching = [a.0, a.1].iter().any(|x| [b.0, b.1].contains(x) || rig::PARENT[*x].is_some_and(|p| [b.0, b.1].contains(&p)))
                            || [b.0, b.1].iter().any(|x| rig::PARENT[*x].is_some_and(|p| [a.0, a.1].contains(&p)))
                            || rig::PARENT[a.0] == rig::PARENT[b.0];
                        if touching {
                            continue;
                        }
                        let gap = segment_distance(at(a.0), at(a.1), at(b.0), at(b.1)) - (a.2 + b.2);
                        if -gap > worst.0 {
                            worst = (
                                -gap,
                                format!(
                                    "{name}: {} {}–{} into {}–{} at {:.2}s",
                                    fig.name,
                                    rig::BONES[a.0],
                                    rig::BONES[a.1],
                                    rig::BONES[b.0],
                                    rig::BONES[b.1],
                                    frame.story_time_secs
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(worst.0 <= 0.01, "{:.1} cm overlap: {}", worst.0 * 100.0, worst.1);
}

#[test]
fn the_joint_limits_page_is_the_table() {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/people.md")).unwrap();
    let table = page.split("<!-- limits -->").nth(1).unwrap().split("<!-- /limits -->").next().unwrap();
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| joint")).collect();
    let want: Vec<String> = reel::sim::skeleton::LIMITS.iter().map(|l| format!("| {} | {} | {} | {} |", l.joint, l.motion, l.min_deg, l.max_deg)).collect();
    assert_eq!(rows, want, "docs/people.md's limits are not reel_sim::skeleton::LIMITS");
}

#[test]
fn hands_plant_on_the_floor_in_cartwheels_and_roundoffs() {
    for kind in ["mannequin", "person"] {
        let src = format!(
            "scene \"c\" {{ fps 60 }}\nuse std.characters.{kind}\nactor g = {kind} {{ height 1.6m, at (-3m, 0m), facing +x }}\ncamera cam {{}}\n\
             timeline {{ g {{ cartwheel forward 1.2m as c\n roundoff forward 1.2m as r }} cam {{ wide g }} }}\n"
        );
        let ir = ir(&src);
        let skeleton = Skeleton::of(&ir.actors[0]);
        let bake = reel::sim::simulate(&ir);
        let mut support = 0;
        for frame in &bake.frames {
            let bone = |b: usize| &frame.bones[b];
            let pelvis_up = Quat::from_array(bone(rig::PELVIS).rotation) * Vec3::Y;
            // Upside down, within 15°: the support.
            if pelvis_up.y > -(15f32.to_radians().cos()) {
                continue;
            }
            support += 1;
            for s in 0..2 {
                let rot = Quat::from_array(bone(rig::HAND[s]).rotation) * skeleton.align[rig::HAND[s]].inverse();
                let palm = Vec3::from(bone(rig::HAND[s]).translation) + rot * -Vec3::Y * (reel::sim::skeleton::PALM * 1.6);
                assert!(
                    palm.y.abs() < 0.02,
                    "{kind}: the {} palm is {:.1} cm from the floor at {:.2}s",
                    ["left", "right"][s],
                    palm.y * 100.0,
                    frame.story_time_secs
                );
            }
        }
        assert!(support >= 4, "{kind}: {support} frames upside down");
    }
}

#[test]
fn a_person_without_the_body_says_how_to_get_it() {
    // A machine where set-up has not run: reel's data folder is empty.
    let data = std::env::temp_dir().join(format!("reel-no-body-{}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    let scene = data.join("p.scene");
    std::fs::write(&scene, "use std.characters.person\nactor p = person {}\ncamera cam {}\ntimeline { cam { wide p } }\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reel")).arg("check").arg(&scene).env("REEL_DATA_DIR", &data).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    std::fs::remove_dir_all(&data).unwrap();
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("E0113") && err.contains("scripts/install-body.sh"), "{err}");
}

#[test]
fn a_vrm_0_character_facing_back_is_turned_round() {
    // VRM 0.x models face −z; reel turns them to face the way the figure faces.
    for written in ["models/robot_vrm.glb", "models/robot_vrm0.glb"] {
        let src = format!(
            "scene \"r\" {{ resolution 160x90, fps 10 }}\nuse std.characters.robot\nactor r = robot {{ height 1.2m, model \"{written}\", at (0m, 0m), facing +x }}\ncamera cam {{}}\ntimeline {{ r {{ idle for 1s }} cam {{ wide r }} }}\n"
        );
        let bake = reel::sim::simulate(&ir_in_examples(&src));
        let frame = &bake.frames[0];
        let skin = &bake.skins[bake.figures[0].skin.unwrap() as usize];
        let at = skinned(&bake, frame, 0);
        // The visor (the bluest vertices) is in front of the head; the left hand on the left (−z).
        let visor: Vec<&Vec3> = at.iter().zip(&skin.colors).filter(|(_, c)| c[2] > 0.8 && c[0] < 0.2).map(|(p, _)| p).collect();
        let head = Vec3::from(frame.bones[rig::HEAD].translation);
        let front = visor.iter().map(|p| p.x).sum::<f32>() / visor.len().max(1) as f32;
        assert!(!visor.is_empty() && front > head.x + 0.03, "{written}: the visor is at x {front:.2}, the head at {:.2}", head.x);
        assert!(frame.bones[rig::HAND[0]].translation[2] < frame.bones[rig::HAND[1]].translation[2], "{written}: the left hand is not on the left");
    }
}
