//! Motions with goals: where a place is now (a point, a prop, an actor), where a walk to a
//! thing stops, where a jump over a prop lands and how high it rises, where a watching
//! figure looks, how deep a crouch can go.

use super::actor::{PropBodies, Stage};
use super::*;

/// Where a place is on the floor now: a point, a prop's centre (where the physics has it),
/// or an actor's root at the last recorded step.
pub(crate) fn place_now(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, story: &Story, place: ir::Place) -> Vec2 {
    match place {
        ir::Place::Point(p) => Vec2::from(p),
        ir::Place::Prop(i) => match props.get(i).copied().flatten() {
            Some((b, _)) => {
                let q = world.bodies[b].translation();
                Vec2::new(q.x, q.z)
            }
            None => scene.props.get(i).map_or(Vec2::ZERO, |p| Vec2::new(p.position_m[0], p.position_m[2])),
        },
        ir::Place::Actor(i) => match story.samples.get(i).and_then(|s| s.last()) {
            Some(s) => Vec2::new(s.root.x, s.root.z),
            None => scene.actors.get(i).map_or(Vec2::ZERO, |a| Vec2::new(a.position_m[0], a.position_m[2])),
        },
    }
}

/// Where a walk to a thing stops: `distance_m` short of it along the line from the thing to
/// the walker (from a prop's footprint edge, from an actor's centre).
pub(crate) fn short_of(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, story: &Story, a: ir::Approach, walker: Vec2) -> Vec2 {
    // A member of a formation: its group's centre walks there, the member keeping its place.
    let formation = Vec2::from(a.formation_m);
    let from = walker - formation;
    let centre = place_now(scene, world, props, story, a.thing);
    let out = from - centre;
    let dir = if out.length() > 1e-4 { out.normalize() } else { Vec2::X };
    let edge = match a.thing {
        ir::Place::Prop(i) => scene.props.get(i).map_or(0.0, |p| footprint_edge(p, dir)),
        _ => 0.0,
    };
    centre + dir * (edge + a.distance_m) + formation
}

/// How far a prop's footprint reaches from its centre in direction `dir` (a unit vector on
/// the floor): a ball's or cup's radius, a box's, table's or chair's turned rectangle.
pub(crate) fn footprint_edge(p: &ir::Prop, dir: Vec2) -> f32 {
    let half = match p.kind {
        ir::PropKind::Ball { radius_m, .. } | ir::PropKind::Cup { radius_m, .. } => return radius_m,
        ir::PropKind::Tree { height_m, .. } => return ir::TREE_TRUNK * height_m,
        ir::PropKind::Table { size_m, .. }
        | ir::PropKind::Chair { size_m, .. }
        | ir::PropKind::Block { size_m, .. }
        | ir::PropKind::Soft { size_m, .. }
        | ir::PropKind::Bin { size_m, .. } => Vec2::new(size_m[0], size_m[2]) / 2.0,
    };
    // Into the prop's own frame (turned by its yaw about +y: x' = x cos + (-z) sin …).
    let (s, c) = p.yaw_rad().sin_cos();
    let local = Vec2::new(c * dir.x - s * dir.y, s * dir.x + c * dir.y);
    let tx = if local.x.abs() > 1e-6 { half.x / local.x.abs() } else { f32::INFINITY };
    let tz = if local.y.abs() > 1e-6 { half.y / local.y.abs() } else { f32::INFINITY };
    tx.min(tz)
}

/// Where a figure's eyes are, its hips at `root`: 93% of its height above its soles.
pub(crate) fn head_point(actor: &ir::Actor, root: Vec3) -> Vec3 {
    let hips = crate::skeleton::Skeleton::of(actor).legs.hip_height;
    root + Vec3::Y * ((0.93 - hips) * actor.height_m)
}

/// The point a figure watches on a thing: a moving prop's centre where the physics has it, a
/// fixed prop's middle, an actor's eyes, a floor point.
pub(crate) fn look_point(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, story: &Story, place: ir::Place) -> Vec3 {
    match place {
        ir::Place::Point(p) => Vec3::new(p[0], 0.0, p[1]),
        ir::Place::Prop(i) => match props.get(i).copied().flatten() {
            Some((b, _)) => Vec3::from(world.bodies[b].translation()),
            None => scene.props.get(i).map_or(Vec3::ZERO, |p| Vec3::from(p.position_m) + Vec3::Y * (p.top_m() - p.position_m[1]) / 2.0),
        },
        ir::Place::Actor(i) => match (scene.actors.get(i), story.samples.get(i).and_then(|s| s.last())) {
            (Some(a), Some(s)) => head_point(a, s.root),
            (Some(a), None) => Vec3::from(a.position_m) + Vec3::Y * 0.93 * a.height_m,
            _ => Vec3::ZERO,
        },
    }
}

/// A crouch as deep as asked, or as deep as flat feet allow (with a note).
/// A bow is a crouch's stage with the torso bent instead of the knees.
pub(crate) fn crouch_stage(actor: &ir::Actor, m: &ir::Motion, story: &mut Story) -> Stage {
    let (depth_m, hold_secs, duration_secs) = match *m {
        ir::Motion::Bow { angle_rad, hold_secs, duration_secs } => {
            return Stage::Crouch { drop: 0.0, bow: angle_rad, hold: hold_secs as f64, ease: duration_secs as f64 };
        }
        ir::Motion::Crouch { depth_m, hold_secs, duration_secs } => (depth_m, hold_secs, duration_secs),
        _ => unreachable!("a crouch or a bow"),
    };
    // The crouch bends the thigh and shin (skeleton::pose_exactly's two-bone IK).
    let legs = crate::skeleton::Skeleton::of(actor).legs;
    let leg = (legs.thigh + legs.shin) * actor.height_m;
    let most = crate::skeleton::max_drop();
    let drop = depth_m / leg.max(1e-3);
    if drop > most {
        story.notes.push(format!(
            "`{}` crouched {:.0} cm, as deep as the ankles allow, not the {:.0} cm asked",
            actor.name,
            most * leg * 100.0,
            depth_m * 100.0
        ));
    }
    Stage::Crouch { drop: drop.min(most), bow: 0.0, hold: hold_secs as f64, ease: duration_secs as f64 }
}

/// Where a jump over prop `pi` lands (on the floor where the figure stands, beyond the far
/// side of the prop on the line from the figure through its middle) and how far its arc
/// must rise above the takeoff to clear the prop's top by `clear` (a fifth of the figure's
/// height when 0).
#[allow(clippy::too_many_arguments)]
pub(crate) fn over_spot(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    story: &Story,
    pi: usize,
    actor: &ir::Actor,
    root: Vec3,
    clear: f32,
) -> (Vec3, f32) {
    let h = actor.height_m;
    let p = &scene.props[pi];
    let centre = place_now(scene, world, props, story, ir::Place::Prop(pi));
    let from = Vec2::new(root.x, root.z);
    let dir = (centre - from).normalize_or(Vec2::X);
    let far = footprint_edge(p, dir);
    let feet = root.y - crate::skeleton::Skeleton::of(actor).legs.hip_height * h;
    let land = centre + dir * (far + 0.35 * h + BODY_CLEARANCE * h);
    let top = match props.get(pi).copied().flatten() {
        Some((b, _)) if !matches!(p.kind, ir::PropKind::Soft { .. }) => {
            let q = world.bodies[b].translation();
            q.y + crate::world::dynamic_scale(p)[1] / 2.0
        }
        _ => p.top_m(),
    };
    let margin = if clear > 0.0 { clear } else { 0.2 * h };
    (Vec3::new(land.x, feet, land.y), (top - feet).max(0.0) + margin)
}

/// How far beyond a prop's far side (in figure heights) a jump over it lands, besides the
/// body's own half width.
const BODY_CLEARANCE: f32 = 0.1;

/// Lying down from hips at `root`: they come to rest a little above what the feet stand
/// on (`LYING_HIPS` of the height); up again after `hold_secs`, or lying to the end.
/// A roll (`roll_rad`) runs through the hold, or 1.2 s a turn without one, the figure
/// facing `yaw`.
pub(crate) fn lie_stage(actor: &ir::Actor, root: Vec3, root_offset: Vec3, yaw: f32, m: &ir::Motion, t: f64) -> Stage {
    let ir::Motion::LieDown { hold_secs, duration_secs, roll_rad } = *m else { unreachable!() };
    let roll = roll_rad.map(|angle| crate::motions::Roll {
        angle_rad: angle,
        from: t + duration_secs as f64,
        secs: hold_secs.map_or(angle.abs() as f64 / std::f64::consts::TAU * 1.2, |h| h as f64),
        yaw,
    });
    let h = actor.height_m;
    let feet = root.y + root_offset.y - crate::skeleton::Skeleton::of(actor).legs.hip_height * h;
    Stage::Lie {
        from: root,
        down: Vec3::new(root.x, feet + crate::motions::LYING_HIPS * h - root_offset.y, root.z),
        stand_at: hold_secs.map(|s| t + duration_secs as f64 + s as f64),
        duration: duration_secs as f64,
        roll,
    }
}

/// A put's stage: the spot on the top of `on` where the thing's centre comes to rest (at the
/// offset asked, or the top's edge nearest the figure, inset by a tenth of the height or half
/// the top, whichever is less), reached with the thing in the hand or picked up within reach.
/// Out of reach: a bake note, and the figure stands.
#[allow(clippy::too_many_arguments)]
pub(crate) fn put_stage(
    a: &mut ActorSim,
    m: &ir::Motion,
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    actor: &ir::Actor,
    root: Vec3,
    story: &mut Story,
    t: f64,
) -> Stage {
    let ir::Motion::Put { prop, on, at_m, duration_secs } = *m else { unreachable!() };
    let h = actor.height_m;
    let idle = |note: String, story: &mut Story| {
        story.notes.push(note);
        Stage::Idle { until: Some(t) }
    };
    let (Some(item), Some((centre, half, yaw))) = (prop_pos(world, props, prop), top_of(scene, world, props, on)) else {
        return idle(format!("`{}` cannot be put on `{}`", scene.props[prop].name, scene.props[on].name), story);
    };
    let local = match at_m {
        Some(q) => Vec2::from(q),
        None => {
            // The edge nearest the figure, inset.
            let me = to_local(centre, yaw, root);
            let inset = (0.1 * h).min(half[0]).min(half[1]);
            Vec2::new(me.x.clamp(-half[0] + inset, half[0] - inset), me.y.clamp(-half[1] + inset, half[1] - inset))
        }
    };
    let spot = to_world(centre, yaw, local, centre.y + upright_height(&scene.props[prop]) / 2.0 + 0.002);
    let shoulder = root + a.root_offset + Vec3::Y * 0.3 * h;
    if spot.distance(shoulder) > REACH * h {
        return idle(
            format!(
                "the place on `{}` is {:.2}m from `{}`, out of reach to put `{}` there: walk up to it first",
                scene.props[on].name,
                spot.distance(shoulder),
                actor.name,
                scene.props[prop].name
            ),
            story,
        );
    }
    let hand = hand_at(actor, root + a.root_offset, a.yaw, &a.pose).1;
    let pickup = match a.holding {
        Some(p) if p == prop => None,
        _ if item.distance(hand) <= REACH * h => {
            a.holding = Some(prop);
            Some(item)
        }
        _ => return idle(format!("`{}` is out of `{}`'s reach to put down: catch it or walk up to it first", scene.props[prop].name, actor.name), story),
    };
    Stage::Put { prop, spot, duration: duration_secs as f64, pickup, done: false }
}
