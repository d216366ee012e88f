//! Where hands are and what they can reach: tops to climb or sit on, props to pick up.

use super::*;

/// How far a hand reaches for something to pick up or throw, in heights.
pub(crate) const REACH: f32 = 0.6;

/// Both hands' centres and the right hand's "down" (the way the fingers point), in world
/// space, for a figure posed `pose` with its drawn root at `root`.
pub(crate) fn hand_at(actor: &ir::Actor, root: Vec3, yaw: f32, pose: &Pose) -> (Vec3, Vec3, Vec3) {
    let mut nodes = Vec::with_capacity(32);
    humanoid::pose_nodes(actor, root, yaw, pose, &mut nodes);
    let at = |p: ir::Part| &nodes[humanoid::part_node_index(p)];
    let (l, r) = (at(ir::Part::LeftHand), at(ir::Part::RightHand));
    let down = Quat::from_array(r.rotation) * -Vec3::Y;
    (Vec3::from(l.translation), Vec3::from(r.translation), down)
}

pub(crate) fn prop_pos(world: &PhysicsWorld, props: &PropBodies, pi: usize) -> Option<Vec3> {
    props[pi].map(|(b, _)| {
        let q = world.bodies[b].translation();
        Vec3::new(q.x, q.y, q.z)
    })
}

/// About how far a small prop's surface is from its centre.
pub(crate) fn prop_radius(p: &ir::Prop) -> f32 {
    match p.kind {
        ir::PropKind::Ball { radius_m, .. } => radius_m,
        ir::PropKind::Cup { radius_m, height_m, .. } => radius_m.max(height_m / 2.0),
        ir::PropKind::Block { size_m, .. } => size_m[0].min(size_m[1]).min(size_m[2]) / 2.0,
        _ => 0.1,
    }
}

/// How tall a moving thing is standing upright (a ball: its diameter): what a palm balances,
/// what a put sets down.
pub(crate) fn upright_height(p: &ir::Prop) -> f32 {
    match p.kind {
        ir::PropKind::Cup { height_m, .. } => height_m,
        ir::PropKind::Block { size_m, .. } => size_m[1],
        ir::PropKind::Ball { radius_m, .. } => 2.0 * radius_m,
        _ => 0.1,
    }
}

/// A top to stand or sit on: its centre (at the top's height), half extents and turn.
pub(crate) fn top_of(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, pi: usize) -> Option<(Vec3, [f32; 2], f32)> {
    let p = &scene.props[pi];
    let half = p.top_half_extents()?;
    let yaw = p.yaw_rad();
    Some(match (props[pi], &p.kind) {
        (Some((b, _)), ir::PropKind::Block { size_m, .. }) => {
            let body = &world.bodies[b];
            let q = body.translation();
            let r = body.position().rotation;
            let (ry, _, _) = Quat::from_xyzw(r.x, r.y, r.z, r.w).to_euler(glam::EulerRot::YXZ);
            (Vec3::new(q.x, q.y + size_m[1] / 2.0, q.z), half, ry)
        }
        _ => (Vec3::new(p.position_m[0], p.top_m(), p.position_m[2]), half, yaw),
    })
}

/// `q` in the top's frame (x, z), and back.
pub(crate) fn to_local(c: Vec3, yaw: f32, q: Vec3) -> Vec2 {
    let d = Vec2::new(q.x - c.x, q.z - c.z);
    let (s, co) = (-yaw).sin_cos();
    // Turning about +y by `yaw` maps (x, z) to (x cos + z sin, -x sin + z cos).
    Vec2::new(d.x * co + d.y * s, -d.x * s + d.y * co)
}

pub(crate) fn to_world(c: Vec3, yaw: f32, l: Vec2, y: f32) -> Vec3 {
    let (s, co) = yaw.sin_cos();
    Vec3::new(c.x + l.x * co + l.y * s, y, c.z - l.x * s + l.y * co)
}

/// A prop's top seen from a figure at `root` that means to `verb` it: the top (centre,
/// half extents, turn), the figure in the top's frame, and the nearest point of the top's
/// outline to it; an error when it has no top or is beyond reach.
pub(crate) fn top_in_reach(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    pi: usize,
    actor: &ir::Actor,
    root: Vec3,
    verb: &str,
) -> Result<(Vec3, Vec2, f32, Vec2, Vec2), String> {
    let h = actor.height_m;
    let name = &scene.props[pi].name;
    let (c, half, yaw, local, nearest) = top_seen_from(scene, world, props, pi, root).ok_or_else(|| format!("`{name}` has no top to {verb}"))?;
    let gap = local.distance(nearest);
    if gap > REACH * h + humanoid::BODY_RADIUS * h {
        return Err(format!("`{}` is {gap:.2}m from `{name}`, too far to {verb} it: walk up to it first", actor.name));
    }
    Ok((c, half, yaw, local, nearest))
}

/// A climb's path: the root beside the edge raised above the top, and on the top.
pub(crate) fn climb_path(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    pi: usize,
    actor: &ir::Actor,
    root: Vec3,
) -> Result<(Vec3, Vec3), String> {
    let h = actor.height_m;
    let (c, half, yaw, local, nearest) = top_in_reach(scene, world, props, pi, actor, root, "climb onto")?;
    let legs = crate::skeleton::Skeleton::of(actor).legs;
    let rise = c.y - (root.y - legs.hip_height * h);
    if rise > 0.9 * h {
        let name = &scene.props[pi].name;
        return Err(format!("`{name}`'s top is {rise:.2}m above `{}`'s feet: too high to climb (at most 0.9 of its height)", actor.name));
    }
    let r = humanoid::BODY_RADIUS * h;
    let inset = Vec2::new((1.3 * r).min(half.x), (1.3 * r).min(half.y));
    let on = local.clamp(-(half - inset), half - inset);
    let out = (local - nearest).normalize_or_zero();
    let beside = nearest + out * r;
    let stand = legs.hip_height * h + 0.002 * h;
    Ok((to_world(c, yaw, beside, c.y + stand + 0.06 * h), to_world(c, yaw, on, c.y + stand)))
}

/// Where the root goes to sit, the heading, and the seated pose: on a chair's seat facing
/// away from its back, on a table's or box's edge facing out, or on the floor.
#[allow(clippy::type_complexity)]
pub(crate) fn sit_place(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    prop: Option<usize>,
    actor: &ir::Actor,
    root: Vec3,
    yaw: f32,
) -> Result<(Vec3, f32, Pose, Vec3), String> {
    let h = actor.height_m;
    let legs = crate::skeleton::Skeleton::of(actor).legs;
    let feet = root.y - (legs.hip_height + 0.002) * h;
    let ankle_y = feet + legs.sole * h;
    let arms = Pose { shoulder: [0.45, 0.45], elbow: [0.9, 0.9], ..Pose::standing() };
    let ahead = |from: Vec3, heading: f32, d: f32| Vec3::new(from.x + heading.cos() * d, ankle_y, from.z - heading.sin() * d);
    let Some(pi) = prop else {
        // On the floor, legs out in front, leaning back a little.
        let seat = Vec3::new(root.x, feet + 0.06 * h, root.z);
        return Ok((seat, yaw, Pose { lean: -0.12, ..arms }, ahead(seat, yaw, 0.45 * h)));
    };
    let (c, half, pyaw, local, nearest) = top_in_reach(scene, world, props, pi, actor, root, "sit on")?;
    let (spot, facing) = match scene.props[pi].kind {
        // A chair's back is on its -x side: sit back on the seat, facing +x.
        ir::PropKind::Chair { .. } => (Vec2::new(-half.x + (0.1 * h).min(half.x), 0.0), Vec2::X),
        _ => {
            let out = (local - nearest).normalize_or_zero();
            let out = if out == Vec2::ZERO { Vec2::X } else { out };
            (nearest - out * (0.1 * h).min(half.x.min(half.y)), out)
        }
    };
    let seat = to_world(c, pyaw, spot, c.y + 0.045 * h);
    let f = to_world(Vec3::ZERO, pyaw, facing, 0.0);
    let heading = (-f.z).atan2(f.x);
    let heading = yaw + ((heading - yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI);
    // Thighs near level, the feet on the floor a thigh's length ahead (dangling when the
    // floor is out of reach).
    Ok((seat, heading, Pose { lean: 0.05, ..arms }, ahead(seat, heading, (legs.thigh + 0.03) * h)))
}

/// Where a jump onto prop `pi` from `root` lands: the point of its top nearest the figure,
/// moved in from the edge by the body's width (and `forward` further along the way it
/// jumps), kept on the top. `None` when the prop has no top.
pub(crate) fn landing_spot(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    pi: usize,
    actor: &ir::Actor,
    root: Vec3,
    forward: f32,
) -> Option<Vec3> {
    let (c, half, yaw, local, nearest) = top_seen_from(scene, world, props, pi, root)?;
    let inward = (nearest - local).normalize_or(-local.normalize_or(Vec2::X));
    let inset = (1.5 * humanoid::BODY_RADIUS * actor.height_m).min(half.x).min(half.y);
    let spot = (nearest + inward * (inset + forward)).clamp(-(half - Vec2::splat(inset)), half - Vec2::splat(inset));
    Some(to_world(c, yaw, spot, c.y))
}

/// A prop's top (centre, half extents, turn), a point `root` in the top's frame, and the
/// point of the top's outline nearest it.
fn top_seen_from(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, pi: usize, root: Vec3) -> Option<(Vec3, Vec2, f32, Vec2, Vec2)> {
    let (c, half, yaw) = top_of(scene, world, props, pi)?;
    let half = Vec2::from(half);
    let local = to_local(c, yaw, root);
    Some((c, half, yaw, local, local.clamp(-half, half)))
}
