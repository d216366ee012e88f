//! Story → bake: the clocks map screen frames to story time; poses, props and cameras are
//! sampled per frame.

use super::*;

/// Sample the story per screen frame and evaluate the cameras.
pub fn bake_from_story(scene: &ir::Scene, mut story: Story) -> Bake {
    let fps = scene.fps.max(1) as f64;
    let clock = Clock::from_scene(scene, &story);
    let cams = camera::edit(scene, &story, &clock);
    let story_screen_end = clock.screen_of(story.end_secs());
    let screen_secs = scene.duration_secs.unwrap_or_else(|| story_screen_end.max(cams.end_secs()));
    let need_story = clock.story_of(screen_secs);
    if need_story > story.end_secs() + 1e-9 {
        let notes = std::mem::take(&mut story.notes);
        story = simulate_story(scene, Some(need_story));
        story.notes = notes;
    }
    let mut nodes = Vec::new();
    let mut notes = story.notes.clone();
    let (mut models, model_of) = prop_models(scene, &mut notes);
    nodes.extend(prop_nodes(scene, &model_of));
    let ball_props: Vec<usize> = scene.props.iter().enumerate().filter(|(_, p)| p.is_dynamic()).map(|(i, _)| i).collect();
    for a in &scene.actors {
        figure_nodes(scene, a, &mut nodes, &mut models, &mut notes);
    }
    let (skins, figures, figure_of) = skins::figure_skins(scene, &mut notes);
    let shown: Vec<Vec<usize>> = scene.actors.iter().map(humanoid::shown).collect();
    let targets = camera_targets(scene);
    let aspect = scene.resolution[0] as f32 / scene.resolution[1].max(1) as f32;
    let n_frames = (screen_secs * fps).round().max(1.0) as usize;
    let mut frames = Vec::with_capacity(n_frames);
    let mut lo = Vec3::splat(f32::INFINITY);
    let mut hi = Vec3::splat(f32::NEG_INFINITY);
    for p in &scene.props {
        for (c, h, _) in prop_boxes(p) {
            let r = Vec3::splat(h.x.max(h.z));
            lo = lo.min(c - r.with_y(h.y));
            hi = hi.max(c + r.with_y(h.y));
        }
        if let Some((c, size)) = tree_crown(p) {
            (lo, hi) = (lo.min(c - size / 2.0), hi.max(c + size / 2.0));
        }
    }
    for i in 0..n_frames {
        let screen = i as f64 / fps;
        let t = clock.story_of(screen);
        let mut xf = Vec::with_capacity(nodes.len());
        xf.push(Xform { translation: [0.0, -0.01, 0.0], rotation: [0.0, 0.0, 0.0, 1.0], scale: [200.0, 0.02, 200.0] });
        for (pi, p) in scene.props.iter().enumerate() {
            if let (Some(_), false) = (model_of[pi], p.is_dynamic()) {
                // The model fills the box around all of the prop's parts.
                let (c, size, yaw) = static_extent(p);
                xf.push(Xform { translation: c.into(), rotation: yaw.to_array(), scale: size.into() });
                continue;
            }
            for (c, h, yaw) in prop_boxes(p) {
                xf.push(Xform { translation: c.into(), rotation: yaw.to_array(), scale: (h * 2.0).into() });
            }
            if let Some((c, size)) = tree_crown(p) {
                xf.push(Xform { translation: c.into(), rotation: [0.0, 0.0, 0.0, 1.0], scale: size.into() });
            }
        }
        for &pi in &ball_props {
            let p = &scene.props[pi];
            // An emitted prop is not there before it appears: drawn at no size.
            let absent = p.appears_secs.is_some_and(|a| t < a as f64);
            let scale = if absent { [0.0; 3] } else { dynamic_scale(p) };
            let (c, q) = story.sample_prop(pi, t).unwrap_or((Vec3::from(p.position_m), Quat::IDENTITY));
            xf.push(Xform { translation: c.into(), rotation: q.to_array(), scale });
            if let (ir::PropKind::Ball { radius_m, .. }, None) = (&p.kind, model_of[pi]) {
                let band = if absent { [0.0; 3] } else { [2.02 * radius_m, 0.35 * radius_m, 2.02 * radius_m] };
                xf.push(Xform { translation: c.into(), rotation: q.to_array(), scale: band });
            }
            let r = Vec3::splat(scale.iter().copied().fold(0.0, f32::max) * 2.0);
            lo = lo.min(c - r);
            hi = hi.max(c + r);
        }
        for (ai, a) in scene.actors.iter().enumerate() {
            let s = story.sample(ai, t);
            figure_xforms(a, &shown[ai], s.root, s.yaw, &s.pose, &mut xf);
            lo = lo.min(s.root - Vec3::splat(a.height_m));
            hi = hi.max(s.root + Vec3::splat(a.height_m));
        }
        let camera = cams.eval(screen, scene, &story, &clock, &mut notes);
        let views = targets
            .iter()
            .map(|(name, tg)| {
                let (p, size, _) = target_point(scene, &story, tg, t);
                let top = camera.project(aspect, (p + Vec3::Y * size * 0.5).into());
                let bottom = camera.project(aspect, (p - Vec3::Y * size * 0.5).into());
                TargetView { name: name.clone(), centre: camera.project(aspect, p.into()), height: top.zip(bottom).map(|(a, b)| (b[1] - a[1]).abs()) }
            })
            .collect();
        let subject = cams.subject(screen, scene).map(|tg| target_name(scene, &tg));
        let mut bones = Vec::with_capacity(figures.len() * BONE_COUNT);
        skins::figure_bones(scene, &story, &figure_of, t, &mut bones);
        frames.push(Frame { screen_time_secs: screen, story_time_secs: t, nodes: xf, bones, camera, targets: views, subject });
    }
    if !lo.is_finite() {
        lo = Vec3::splat(-1.0);
        hi = Vec3::splat(1.0);
    }
    let mut events: Vec<BakedEvent> = story
        .events
        .iter()
        .map(|((b, e), t)| BakedEvent { name: format!("{b}.{}", event_name(*e)), story_time_secs: *t, screen_time_secs: clock.screen_of(*t) })
        .collect();
    events.extend(cut_events(&cams, scene, &clock, frames.last().map_or(0.0, |f| f.screen_time_secs)));
    events.sort_by(|a, b| a.story_time_secs.total_cmp(&b.story_time_secs).then(a.name.cmp(&b.name)));
    let notes = aggregate_notes(notes);
    Bake {
        version: BAKE_VERSION,
        title: scene.title.clone(),
        resolution: scene.resolution,
        fps: scene.fps,
        models,
        skins,
        figures,
        lights: scene
            .lights
            .iter()
            .map(|l| LightDesc {
                position: l.position_m,
                direction: l.direction,
                cone_cos: l.cone_rad.map_or(-1.0, |c| (c / 2.0).cos()),
                radiance: [l.color[0] * l.intensity, l.color[1] * l.intensity, l.color[2] * l.intensity],
            })
            .collect(),
        env: Environment {
            sky: match scene.world.sky {
                ir::Sky::Evening => SkyKind::Evening,
                ir::Sky::Noon => SkyKind::Noon,
                ir::Sky::Overcast => SkyKind::Overcast,
            },
            sun_direction: scene.world.sun_direction,
            sun_strength: scene.world.sun_strength,
            shadow_bounds: [(lo - Vec3::splat(0.2)).into(), (hi + Vec3::splat(0.2)).into()],
            ground: scene.world.ground.map(|g| Surface::Finish {
                roughness: g.finish.roughness,
                metalness: g.finish.metalness,
                pattern: g.finish.pattern,
                scale_m: g.finish.pattern_scale_m,
            }),
        },
        nodes,
        frames,
        events,
        notes,
    }
}

/// The transforms of the parts a figure shows (`shown`), then its held item's.
fn figure_xforms(a: &ir::Actor, shown: &[usize], root: Vec3, yaw: f32, pose: &humanoid::Pose, xf: &mut Vec<Xform>) {
    let mut all = Vec::with_capacity(humanoid::PARTS.len() + 1);
    humanoid::pose_nodes(a, root, yaw, pose, &mut all);
    xf.extend(shown.iter().map(|&i| all[i]));
    if a.holds.is_some() {
        xf.extend(all.last().copied());
    }
}

/// A figure's nodes; a segmented figure (`model`) draws each part its model names with
/// that part's mesh.
fn figure_nodes(scene: &ir::Scene, a: &ir::Actor, nodes: &mut Vec<NodeDesc>, models: &mut Vec<reel_model::ModelMesh>, notes: &mut Vec<String>) {
    let first = nodes.len();
    humanoid::node_descs(a, nodes);
    let Some(written) = &a.model else { return };
    let Some(folder) = &scene.folder else {
        notes.push(format!("`{}`'s model `{written}` was not read: the scene has no folder", a.name));
        return;
    };
    if a.rest_m.is_some() {
        return;
    }
    let shown = humanoid::shown(a);
    match reel_model::load_parts(folder, written, reel_model::FIGURE_PARTS) {
        Ok(parts) => {
            for (name, mesh) in parts {
                if let Some(k) = shown.iter().position(|&i| humanoid::PARTS[i] == name) {
                    models.push(mesh);
                    nodes[first + k].shape = Shape::Model(models.len() as u32 - 1);
                }
            }
        }
        Err(e) => notes.push(format!("`{}` is drawn with its own shapes: {e}", a.name)),
    }
}

/// Cuts are events too (`cut to CAM`: a name no binding can have), for the storyboard and
/// for telling a cut from a jump; those within the video (after its first frame).
fn cut_events(cams: &camera::Edit, scene: &ir::Scene, clock: &Clock, end_secs: f64) -> Vec<BakedEvent> {
    let cuts = cams.cuts_secs(scene).into_iter().filter(|(t, _)| *t > 0.0 && *t <= end_secs);
    cuts.map(|(t, cam)| BakedEvent { name: format!("cut to {cam}"), story_time_secs: clock.story_of(t), screen_time_secs: t }).collect()
}

pub(crate) fn target_name(scene: &ir::Scene, t: &ir::Target) -> String {
    let base = match t.entity {
        ir::Entity::Actor(i) => scene.actors[i].name.clone(),
        ir::Entity::Prop(i) => scene.props[i].name.clone(),
        ir::Entity::Group(g) => {
            let members = scene.groups.get(g).map(|m| m.iter().map(|m| target_name(scene, m)).collect::<Vec<_>>()).unwrap_or_default();
            return format!("({})", members.join(", "));
        }
        ir::Entity::Action => return "action".to_string(),
    };
    match t.part {
        Some(p) => format!("{base}.{}", serde_json::to_value(p).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()),
        None => base,
    }
}

/// A target's point at story time `t`, its size and the way it faces: an actor's centre or
/// part, a prop's centre (a table's top), a group's middle (of the box round its members)
/// and extent (facing as its first member does).
pub(crate) fn target_point(scene: &ir::Scene, story: &Story, target: &ir::Target, t: f64) -> (Vec3, f32, f32) {
    let ai = match target.entity {
        ir::Entity::Actor(ai) => ai,
        ir::Entity::Action => return action_point(scene, story, t),
        ir::Entity::Group(g) => {
            let members = scene.groups.get(g).map(Vec::as_slice).unwrap_or_default();
            // Members present now (an emitted prop before it appears is not); of many, a
            // moving prop far beyond the others (a ball that rolled away) is drawn in toward
            // them rather than shrinking everyone else in the frame. Figures always count.
            let present = |m: &&ir::Target| match m.entity {
                ir::Entity::Prop(pi) => scene.props.get(pi).and_then(|p| p.appears_secs).is_none_or(|a| t >= a as f64),
                _ => true,
            };
            let here: Vec<&ir::Target> = members.iter().filter(present).collect();
            let points: Vec<(Vec3, f32, f32)> = here.iter().map(|m| target_point(scene, story, m, t)).collect();
            if points.is_empty() {
                return (Vec3::ZERO, 1.0, 0.0);
            }
            let movable: Vec<bool> =
                here.iter().map(|m| matches!(m.entity, ir::Entity::Prop(pi) if scene.props.get(pi).is_some_and(|p| p.is_dynamic()))).collect();
            let kept = drawn_in(&points, &movable);
            let (mut lo, mut hi, yaw) = (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN), points[0].2);
            for (p, size, _) in kept {
                lo = lo.min(p - Vec3::splat(size / 2.0));
                hi = hi.max(p + Vec3::splat(size / 2.0));
            }
            let extent = hi - lo;
            return ((lo + hi) / 2.0, extent.x.max(extent.y).max(extent.z), yaw);
        }
        ir::Entity::Prop(pi) => {
            let p = &scene.props[pi];
            return match p.kind {
                ir::PropKind::Table { size_m, .. } => (Vec3::from(p.position_m) + Vec3::Y * size_m[1], size_m[0].max(size_m[2]), 0.0),
                ir::PropKind::Chair { size_m, .. } | ir::PropKind::Block { size_m, dynamic: false, .. } => {
                    (Vec3::from(p.position_m) + Vec3::Y * (size_m[1] / 2.0), size_m[1].max(size_m[0]).max(size_m[2]), 0.0)
                }
                _ => {
                    let size = dynamic_scale(p).iter().copied().fold(0.0, f32::max);
                    (story.sample_prop(pi, t).map_or(Vec3::from(p.position_m), |s| s.0), size, 0.0)
                }
            };
        }
    };
    let a = &scene.actors[ai];
    let s = story.sample(ai, t);
    let size = humanoid::part_size(target.part, a.height_m);
    let p = match target.part {
        None => s.root - Vec3::Y * (s.pose.drop * 0.48 * a.height_m),
        Some(part) => {
            let mut xf = Vec::new();
            humanoid::pose_nodes(a, s.root, s.yaw, &s.pose, &mut xf);
            Vec3::from(xf[humanoid::part_node_index(part)].translation)
        }
    };
    (p, size, s.yaw)
}

/// Where the action is at story time `t`: every figure and moving prop weighted by the
/// square of its speed, over the last half second (so the aim glides from one mover to the
/// next); the figures alike when nothing moves. Returns (point, size, yaw of the fastest).
pub(crate) fn action_point(scene: &ir::Scene, story: &Story, t: f64) -> (Vec3, f32, f32) {
    let mut bodies: Vec<ir::Target> = (0..scene.actors.len()).map(|i| ir::Target { entity: ir::Entity::Actor(i), part: None }).collect();
    bodies.extend(story.prop_samples.keys().map(|&i| ir::Target { entity: ir::Entity::Prop(i), part: None }));
    let (mut sum, mut size, mut weight, mut fastest) = (Vec3::ZERO, 0.0f32, 0.0f32, (0.0f32, 0.0f32));
    for tg in &bodies {
        for k in 0..5 {
            let at = (t - 0.1 * k as f64).max(0.0);
            let (p, s, yaw) = target_point(scene, story, tg, at);
            let (q, _, _) = target_point(scene, story, tg, (at - 0.1).max(0.0));
            let speed = (p - q).length() / 0.1;
            let w = speed * speed + if matches!(tg.entity, ir::Entity::Actor(_)) { 1e-3 } else { 1e-6 };
            sum += p * w;
            size += s * w;
            weight += w;
            if k == 0 && speed > fastest.0 {
                fastest = (speed, yaw);
            }
        }
    }
    if weight <= 0.0 {
        return (Vec3::ZERO, 1.0, 0.0);
    }
    (sum / weight, size / weight, fastest.1)
}

/// Notes once each, and a note made at many moments (`… at 1.20s`) as one line with a count
/// and the first and last moment: "… in 80 frames, 1.20s to 3.87s".
pub(crate) fn aggregate_notes(notes: Vec<String>) -> Vec<String> {
    let mut timed: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
    let mut plain: Vec<String> = Vec::new();
    for n in notes {
        let at = n.rsplit_once(" at ").and_then(|(msg, t)| Some((msg.to_string(), t.strip_suffix('s')?.parse::<f64>().ok()?)));
        match at {
            Some((msg, t)) => {
                let e = timed.entry(msg).or_insert((0, t, t));
                *e = (e.0 + 1, e.1.min(t), e.2.max(t));
            }
            None => plain.push(n),
        }
    }
    for (msg, (count, first, last)) in timed {
        plain.push(match count {
            1 => format!("{msg} at {first:.2}s"),
            _ => format!("{msg} in {count} frames, {first:.2}s to {last:.2}s"),
        });
    }
    plain.sort();
    plain.dedup();
    plain
}

/// The height of a target's base at story time `t`: an actor's feet (whatever part is
/// named), a prop's bottom. `follow … { height H }` puts the camera H above it.
pub(crate) fn target_base_y(scene: &ir::Scene, story: &Story, target: &ir::Target, t: f64) -> f32 {
    match target.entity {
        ir::Entity::Actor(ai) => story.sample(ai, t).root.y - crate::skeleton::Skeleton::of(&scene.actors[ai]).legs.hip_height * scene.actors[ai].height_m,
        ir::Entity::Group(g) => scene.groups.get(g).into_iter().flatten().map(|m| target_base_y(scene, story, m, t)).fold(f32::MAX, f32::min).min(1e6),
        ir::Entity::Action => {
            let (p, size, _) = action_point(scene, story, t);
            p.y - size / 2.0
        }
        ir::Entity::Prop(pi) => {
            let p = &scene.props[pi];
            match p.kind {
                ir::PropKind::Table { .. } | ir::PropKind::Chair { .. } | ir::PropKind::Block { dynamic: false, .. } => p.position_m[1],
                _ => story.sample_prop(pi, t).map_or(p.position_m[1], |s| s.0.y) - dynamic_scale(p)[1] / 2.0,
            }
        }
    }
}

/// Each prop's glTF model, loaded once per file, into the bake: the meshes, and each prop's
/// index among them (a prop whose model cannot be read is drawn plain, with a note).
fn prop_models(scene: &ir::Scene, notes: &mut Vec<String>) -> (Vec<reel_model::ModelMesh>, Vec<Option<u32>>) {
    let mut models: Vec<reel_model::ModelMesh> = Vec::new();
    let mut loaded: BTreeMap<&str, Option<u32>> = BTreeMap::new();
    let model_of: Vec<Option<u32>> = scene
        .props
        .iter()
        .map(|p| {
            let written = p.model.as_deref()?;
            *loaded.entry(written).or_insert_with(|| {
                let Some(folder) = &scene.folder else {
                    notes.push(format!("`{}`'s model `{written}` was not read: the scene has no folder", p.name));
                    return None;
                };
                match reel_model::load(folder, written) {
                    Ok(m) => {
                        models.push(m);
                        Some(models.len() as u32 - 1)
                    }
                    Err(e) => {
                        notes.push(format!("`{}` is drawn as its plain shape: {e}", p.name));
                        None
                    }
                }
            })
        })
        .collect();
    (models, model_of)
}

/// A tree trunk's bark, linear RGB.
const TRUNK_COLOR: [f32; 3] = [0.16, 0.1, 0.06];

/// The floor and every prop's nodes: fixed props' boxes (a table's top and legs, a chair's
/// seat, legs and back) or model, then the dynamic props (a ball with its band).
fn prop_nodes(scene: &ir::Scene, model_of: &[Option<u32>]) -> Vec<NodeDesc> {
    let mut nodes = Vec::new();
    let floor_color = scene.world.floor_color;
    nodes.push(NodeDesc { name: "floor".into(), shape: Shape::Box, color: floor_color, surface: Surface::Floor });
    for (pi, p) in scene.props.iter().enumerate() {
        if let (Some(m), false) = (model_of[pi], p.is_dynamic()) {
            nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Model(m), color: p.color, surface: surface_of(p, Surface::Matte) });
            continue;
        }
        if tree_crown(p).is_some() {
            // A trunk (the collider's box, drawn round) and the crown.
            nodes.push(NodeDesc { name: format!("{}.trunk", p.name), shape: Shape::Cylinder, color: TRUNK_COLOR, surface: Surface::Matte });
            nodes.push(NodeDesc { name: format!("{}.crown", p.name), shape: Shape::Sphere, color: p.color, surface: surface_of(p, Surface::Matte) });
            continue;
        }
        let n = prop_boxes(p).len();
        for k in 0..n {
            let name = match (&p.kind, k) {
                (ir::PropKind::Block { .. }, _) => p.name.clone(),
                (ir::PropKind::Bin { .. }, 0) => format!("{}.bottom", p.name),
                (ir::PropKind::Bin { .. }, k) => format!("{}.wall{k}", p.name),
                (_, 0) => format!("{}.top", p.name),
                (ir::PropKind::Chair { .. }, k) if k == n - 1 => format!("{}.back", p.name),
                _ => format!("{}.leg{k}", p.name),
            };
            nodes.push(NodeDesc { name, shape: Shape::Box, color: p.color, surface: surface_of(p, Surface::Matte) });
        }
    }
    let ball_props: Vec<usize> = scene.props.iter().enumerate().filter(|(_, p)| p.is_dynamic()).map(|(i, _)| i).collect();
    for &pi in &ball_props {
        let p = &scene.props[pi];
        if let Some(m) = model_of[pi] {
            nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Model(m), color: p.color, surface: surface_of(p, Surface::Glossy) });
            continue;
        }
        match p.kind {
            ir::PropKind::Ball { .. } => {
                nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Sphere, color: p.color, surface: surface_of(p, Surface::Glossy) });
                // A pale band round the ball so its roll reads on screen.
                nodes.push(NodeDesc { name: format!("{}.band", p.name), shape: Shape::Cylinder, color: [0.9, 0.88, 0.8], surface: Surface::Glossy });
            }
            ir::PropKind::Cup { .. } => {
                nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Cylinder, color: p.color, surface: surface_of(p, Surface::Glossy) })
            }
            _ => nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Box, color: p.color, surface: surface_of(p, Surface::Matte) }),
        }
    }
    nodes
}

/// Every target the cameras use, named, for the per-frame screen positions in the bake.
fn camera_targets(scene: &ir::Scene) -> Vec<(String, ir::Target)> {
    let mut targets: Vec<(String, ir::Target)> = Vec::new();
    for tr in &scene.camera_tracks {
        for item in &tr.items {
            let shots: Vec<&ir::Shot> = match &item.action {
                ir::CameraAction::Shot(s) => vec![s],
                ir::CameraAction::Freeze { shots, .. } => shots.iter().collect(),
                ir::CameraAction::Slowmo { .. } | ir::CameraAction::Cut { .. } => Vec::new(),
            };
            for s in shots {
                // A group's members are in view too, each by name.
                let mut ts = shot_targets(s);
                let pair = camera::pair_group(scene, s);
                ts.extend(pair.as_ref());
                let members = ts.iter().filter_map(|t| if let ir::Entity::Group(g) = t.entity { scene.groups.get(g) } else { None }).flatten();
                let all: Vec<&ir::Target> = ts.iter().copied().chain(members).collect();
                for t in all {
                    let name = target_name(scene, t);
                    if !targets.iter().any(|(n, _)| *n == name) {
                        targets.push((name, t.clone()));
                    }
                }
            }
        }
    }
    targets
}

/// The targets a shot aims at (a `together`'s, all of its shots').
fn shot_targets(s: &ir::Shot) -> Vec<&ir::Target> {
    match s {
        ir::Shot::Frame { target, .. } | ir::Shot::Follow { target, .. } | ir::Shot::Orbit { target, .. } => vec![target],
        ir::Shot::Pair { target, other, .. } => vec![target, other],
        ir::Shot::Move { target, .. } | ir::Shot::Place { look: target, .. } => target.iter().collect(),
        ir::Shot::Together(shots) => shots.iter().flat_map(shot_targets).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_made_at_many_moments_become_one_line() {
        let mut notes: Vec<String> = (0..80).map(|i| format!("the camera was pushed above the floor at {:.2}s", 1.2 + i as f64 * 0.0333)).collect();
        notes.push("the story was cut at 600s: some motion never ended".into());
        notes.push("the camera was pushed out of `desk` at 0.50s".into());
        notes.push("`b` is drawn plain".into());
        notes.push("`b` is drawn plain".into());
        let got = aggregate_notes(notes);
        assert_eq!(
            got,
            [
                "`b` is drawn plain",
                "the camera was pushed above the floor in 80 frames, 1.20s to 3.83s",
                "the camera was pushed out of `desk` at 0.50s",
                "the story was cut at 600s: some motion never ended",
            ]
        );
    }
}

/// Of five or more points, each movable one farther from their median (per axis) than
/// twice the median distance plus 30 cm is drawn in to that distance: continuous in every
/// position, so a camera on the group glides rather than jumps as one rolls away.
fn drawn_in(points: &[(Vec3, f32, f32)], movable: &[bool]) -> Vec<(Vec3, f32, f32)> {
    if points.len() < 5 {
        return points.to_vec();
    }
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let centre = Vec3::new(
        median(points.iter().map(|p| p.0.x).collect()),
        median(points.iter().map(|p| p.0.y).collect()),
        median(points.iter().map(|p| p.0.z).collect()),
    );
    let reach = 2.0 * median(points.iter().map(|p| p.0.distance(centre)).collect()) + 0.3;
    points
        .iter()
        .zip(movable)
        .map(|(&(p, size, yaw), &m)| {
            let d = p.distance(centre);
            if m && d > reach {
                (centre + (p - centre) * (reach / d), size, yaw)
            } else {
                (p, size, yaw)
            }
        })
        .collect()
}
