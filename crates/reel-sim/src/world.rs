//! The rapier world a story is simulated in: the floor, props as fixed or dynamic bodies,
//! figures as rotation-locked capsules; the stepping loop that finds events by watching it.

use super::*;

/// Run the physics. `until` forces a minimum story length.
pub fn simulate_story(scene: &ir::Scene, until: Option<f64>) -> Story {
    let dt = 1.0 / STEP_HZ;
    let (mut world, ground) = new_world(scene, dt);
    let mut actors: Vec<ActorSim> = scene.actors.iter().enumerate().map(|(i, a)| add_figure(&mut world, scene, i, a)).collect();
    let (mut balls, ball_colliders, declared) = add_dynamic_props(&mut world, scene);
    let mut moved = vec![false; balls.len()];
    let mut prop_bodies: Vec<Option<(RigidBodyHandle, ColliderHandle)>> = vec![None; scene.props.len()];
    for ((pi, h, _), c) in balls.iter().zip(&ball_colliders) {
        prop_bodies[*pi] = Some((*h, *c));
    }
    // Keyframed props: a controller per prop track over the ball it moves.
    let mut keyed: Vec<PropCtl> = scene
        .prop_tracks
        .iter()
        .filter_map(|t| {
            let ball = balls.iter().position(|(pi, _, _)| *pi == t.prop)?;
            Some(PropCtl { ball, items: t.items.clone(), next: 0, running: None })
        })
        .collect();
    let mut story = Story {
        dt,
        samples: vec![Vec::new(); scene.actors.len()],
        prop_samples: BTreeMap::new(),
        events: BTreeMap::new(),
        phase_secs: BTreeMap::new(),
        notes: Vec::new(),
    };
    settle(&mut world, &ground, scene, &actors, &balls, &declared, &mut story);
    // Contact is resolved with a small skin; draw the figure with its soles on the surface.
    for (a, ir_a) in actors.iter_mut().zip(&scene.actors) {
        let y = world.bodies[a.body].translation().y;
        let want = ir_a.position_m[1] + crate::skeleton::Skeleton::of(ir_a).legs.hip_height * ir_a.height_m;
        let gap = y - want;
        if gap.abs() < 0.05 * ir_a.height_m {
            a.root_offset = Vec3::new(0.0, -gap, 0.0);
        }
    }
    hand_over_held(&mut world, scene, &actors, &prop_bodies);
    // What each dynamic prop touches as the story begins: `contact` is the first touch by
    // anything else.
    let touching_at_start: Vec<Vec<ColliderHandle>> = ball_colliders.iter().map(|&c| touching(&world, c)).collect();
    let mut contacted = vec![false; balls.len()];
    let mut flights = Flights::new(&world, &ball_colliders);
    record(&mut story, &world, &actors, &balls);
    let mut step = 0u64;
    let mut groups_seen = 0usize;
    let mut done_at: Option<f64> = None;
    let mut held: Vec<usize> = Vec::new();
    loop {
        let t = step as f64 * dt;
        // A prop held in a hand is as settled as the hand (`held` is from the last step:
        // only the actors' controllers change it).
        let all_done = actors.iter().all(|a| a.finished())
            && keyed.iter().all(|k| k.finished())
            && balls.iter().all(|b| b.2.is_some() || t > BALL_MAX_SECS || held.contains(&b.0));
        if all_done && done_at.is_none() {
            done_at = Some(t);
        }
        let min_end = until.unwrap_or(0.0);
        if let Some(d) = done_at {
            if t >= d + TAIL_SECS && t >= min_end {
                break;
            }
        }
        if t >= MAX_STORY_SECS {
            story.notes.push(format!("the story was cut at {MAX_STORY_SECS}s: some motion never ended"));
            break;
        }
        let roots: Vec<Vec3> = actors
            .iter()
            .map(|a| {
                let p = world.bodies[a.body].translation();
                Vec3::new(p.x, p.y, p.z)
            })
            .collect();
        for (i, a) in actors.iter_mut().enumerate() {
            a.control(i, scene, &mut world, &mut story, &prop_bodies, &roots, t, dt);
        }
        for k in keyed.iter_mut() {
            k.control(scene, &prop_bodies, balls[k.ball].1, &mut world, &mut story, t, dt);
        }
        appear(&mut world, scene, &balls, &declared, t);
        apply_rolling_resistance(&mut world, scene, &balls, &ball_colliders, ground.floor, dt);
        world.step_with_events(&ground, &());
        step += 1;
        let t1 = step as f64 * dt;
        for a in actors.iter_mut() {
            a.observe(&world, &mut story, &prop_bodies, t1, dt);
        }
        held = actors.iter().flat_map(|a| a.holding.into_iter().chain(a.balancing.as_ref().map(|b| b.prop))).collect();
        for (bi, (pi, _, _)) in balls.iter().enumerate() {
            if !contacted[bi] && touching(&world, ball_colliders[bi]).iter().any(|c| !touching_at_start[bi].contains(c)) {
                contacted[bi] = true;
                story.events.insert((scene.props[*pi].name.clone(), Event::Contact), t1);
            }
        }
        flights.observe(&world, scene, &balls, &ball_colliders, &held, &mut story, t1);
        note_rests(&world, scene, &keyed, &held, &mut balls, &mut moved, &mut story, t1);
        groups_seen = fold_group_events(scene, &mut story, groups_seen);
        record(&mut story, &world, &actors, &balls);
    }
    note_missed_waits(scene, &mut story);
    story
}

/// Emitted props appear at their time, where they were declared, with their velocity.
fn appear(world: &mut PhysicsWorld, scene: &ir::Scene, balls: &[(usize, RigidBodyHandle, Option<f64>)], declared: &[(Vec3, Vector)], t: f64) {
    for ((pi, h, _), (_, v)) in balls.iter().zip(declared) {
        let due = scene.props[*pi].appears_secs.is_some_and(|a| t >= a as f64);
        let b = &mut world.bodies[*h];
        if due && !b.is_enabled() {
            b.set_enabled(true);
            b.set_linvel(*v, true);
            b.set_angvel(Vector::ZERO, true);
        }
    }
}

/// A group's event (`row.rests`, `hop.landing`) happens when the last of its members' does.
/// Checked again only when an event was found since the last call (`seen`: how many there
/// were then); returns how many there are now.
fn fold_group_events(scene: &ir::Scene, story: &mut Story, seen: usize) -> usize {
    if scene.event_groups.is_empty() || story.events.len() == seen {
        return story.events.len();
    }
    let kinds: std::collections::BTreeSet<Event> = story.events.keys().map(|(_, e)| *e).collect();
    for (name, members) in &scene.event_groups {
        for &ev in &kinds {
            if story.events.contains_key(&(name.clone(), ev)) {
                continue;
            }
            let times: Option<Vec<f64>> = members.iter().map(|m| story.events.get(&(m.clone(), ev)).copied()).collect();
            if let Some(last) = times.and_then(|ts| ts.into_iter().reduce(f64::max)) {
                story.events.insert((name.clone(), ev), last);
            }
        }
    }
    story.events.len()
}

/// A prop held from the start is in its holder's right hand before the first frame (a
/// sensor held kinematically, as a caught one is).
fn hand_over_held(world: &mut PhysicsWorld, scene: &ir::Scene, actors: &[ActorSim], prop_bodies: &[Option<(RigidBodyHandle, ColliderHandle)>]) {
    for (a, ir_a) in actors.iter().zip(&scene.actors) {
        let Some((b, c)) = a.holding.and_then(|pi| prop_bodies.get(pi).copied().flatten()) else { continue };
        let root = Vec3::from(world.bodies[a.body].translation()) + a.root_offset;
        let hands = crate::reach::hand_at(ir_a, root, a.yaw, &a.pose);
        let r = a.holding.map_or(0.0, |pi| crate::reach::prop_radius(&scene.props[pi]));
        let grip = hands.1 + hands.2 * (0.8 * r);
        world.colliders[c].set_sensor(true);
        let pb = &mut world.bodies[b];
        pb.set_body_type(RigidBodyType::KinematicPositionBased, true);
        pb.set_translation(Vector::new(grip.x, grip.y, grip.z), true);
    }
}

/// Per dynamic prop: whether it touched something at the last step, since when it has been
/// in the air after touching (for `leaves`), whether it is in flight and how many times it
/// has come down from one (for `bounce`, `second_bounce`, …).
struct Flights {
    touched: Vec<bool>,
    airborne_since: Vec<Option<f64>>,
    flying: Vec<bool>,
    bounces: Vec<u8>,
}

impl Flights {
    /// A prop that starts in the air (dropped, or emitted later) is in flight.
    fn new(world: &PhysicsWorld, colliders: &[ColliderHandle]) -> Flights {
        let touched: Vec<bool> = colliders.iter().map(|&c| in_contact(world, c)).collect();
        let flying = touched.iter().map(|t| !t).collect();
        Flights { airborne_since: vec![None; touched.len()], flying, bounces: vec![0; touched.len()], touched }
    }

    /// After a step: a prop that lost touch and stayed in the air for LEAVE_SECS `leaves` (a
    /// first time only) and is in flight; one in flight that touches down again bounces.
    #[allow(clippy::too_many_arguments)]
    fn observe(
        &mut self,
        world: &PhysicsWorld,
        scene: &ir::Scene,
        balls: &[(usize, RigidBodyHandle, Option<f64>)],
        colliders: &[ColliderHandle],
        held: &[usize],
        story: &mut Story,
        t1: f64,
    ) {
        for (bi, (pi, h, _)) in balls.iter().enumerate() {
            let now = in_contact(world, colliders[bi]);
            let moving = world.bodies[*h].linvel().length() > 0.05;
            let name = &scene.props[*pi].name;
            match (self.touched[bi], now) {
                (true, false) if moving && !held.contains(pi) => self.airborne_since[bi] = Some(t1),
                (false, true) if self.flying[bi] && !held.contains(pi) => {
                    self.flying[bi] = false;
                    self.bounces[bi] = self.bounces[bi].saturating_add(1);
                    if self.bounces[bi] <= ir::MAX_BOUNCES {
                        story.events.entry((name.clone(), Event::Bounce(self.bounces[bi]))).or_insert(t1);
                    }
                    self.airborne_since[bi] = None;
                }
                (_, true) => self.airborne_since[bi] = None,
                _ => {}
            }
            self.touched[bi] = now;
            // A cushion's top never leaves, nor rests: it only gives (its event is `contact`).
            let soft = matches!(scene.props[*pi].kind, ir::PropKind::Soft { .. });
            if let Some(since) = self.airborne_since[bi].filter(|s| t1 - s >= LEAVE_SECS && !soft) {
                story.events.entry((name.clone(), Event::Leaves)).or_insert(since);
                self.flying[bi] = true;
                self.airborne_since[bi] = None;
            }
        }
    }
}

/// How long a prop must stay in the air after losing touch for that to be `leaves` (contact
/// flickers for a step or two as a ball rolls).
const LEAVE_SECS: f64 = 0.03;

/// Each figure's and moving prop's pose at this step.
fn record(story: &mut Story, world: &PhysicsWorld, actors: &[ActorSim], balls: &[(usize, RigidBodyHandle, Option<f64>)]) {
    for (i, a) in actors.iter().enumerate() {
        let p = world.bodies[a.body].translation();
        story.samples[i].push(Sample { root: Vec3::new(p.x, p.y, p.z) + a.root_offset, yaw: a.yaw, pose: a.pose });
    }
    for (pi, h, _) in balls {
        let b = &world.bodies[*h];
        let p = b.translation();
        let r = b.position().rotation;
        story.prop_samples.entry(*pi).or_default().push((Vec3::new(p.x, p.y, p.z), Quat::from_xyzw(r.x, r.y, r.z, r.w)));
    }
}

/// Rolling resistance, which rigid contact does not model: while a ball rolls on a surface,
/// a constant deceleration μ_r·g (μ_r its material's `rolling`) opposes its motion, so it
/// stops in finite time, as far as v² / (2 μ_r g), as real balls do.
fn apply_rolling_resistance(
    world: &mut PhysicsWorld,
    scene: &ir::Scene,
    balls: &[(usize, RigidBodyHandle, Option<f64>)],
    ball_colliders: &[ColliderHandle],
    floor: ColliderHandle,
    dt: f64,
) {
    for ((pi, h, _), ch) in balls.iter().zip(ball_colliders) {
        let ir::PropKind::Ball { rolling, .. } = scene.props[*pi].kind else { continue };
        // On a ground of a material, at least as hard to roll on as the ground makes it.
        let on_ground = || touching(world, *ch).contains(&floor);
        let rolling = scene.world.ground.filter(|_| on_ground()).map_or(rolling, |g| rolling.max(g.rolling));
        if !in_contact(world, *ch) {
            continue;
        }
        let g = scene.world.gravity_mps2;
        let b = &mut world.bodies[*h];
        let v = b.linvel();
        if v.y.abs() > 0.05 {
            continue;
        }
        let vh = Vec2::new(v.x, v.z);
        let speed = vh.length();
        let dv = rolling * g * dt as f32;
        let k = if speed > dv { (speed - dv) / speed } else { 0.0 };
        b.set_linvel(Vector::new(v.x * k, v.y, v.z * k), true);
        let w = b.angvel();
        b.set_angvel(Vector::new(w.x * k, w.y * k, w.z * k), true);
    }
}

/// A ball rests once it has been nearly still for REST_SECS; the event is when it became
/// still. One held by its keyframes or in a hand is not resting, whatever its speed.
#[allow(clippy::too_many_arguments)]
fn note_rests(
    world: &PhysicsWorld,
    scene: &ir::Scene,
    keyed: &[PropCtl],
    held: &[usize],
    balls: &mut [(usize, RigidBodyHandle, Option<f64>)],
    moved: &mut [bool],
    story: &mut Story,
    t1: f64,
) {
    for (bi, (pi, h, still_since)) in balls.iter_mut().enumerate() {
        if matches!(scene.props[*pi].kind, ir::PropKind::Soft { .. }) {
            // A cushion's top is as settled as its spring: never waited on, never `rests`.
            *still_since = Some(still_since.unwrap_or(t1));
            continue;
        }
        if keyed.iter().any(|k| k.ball == bi && !k.finished()) || held.contains(pi) {
            // Held by its keyframes: not resting, whatever its speed.
            *still_since = None;
            continue;
        }
        let b = &world.bodies[*h];
        let still = b.linvel().length() < 0.01 && b.angvel().length() < 0.2;
        // `rests` means coming to rest: a prop that has not moved yet has nothing to end.
        moved[bi] |= b.linvel().length() > 0.05 || b.angvel().length() > 0.5;
        match (still, *still_since) {
            (true, None) => *still_since = Some(t1),
            (false, _) if !story.events.contains_key(&(scene.props[*pi].name.clone(), Event::Rests)) => *still_since = None,
            _ => {}
        }
        if let (Some(ts), true) = (*still_since, moved[bi]) {
            if t1 - ts >= REST_SECS {
                story.events.entry((scene.props[*pi].name.clone(), Event::Rests)).or_insert(ts);
            }
        }
    }
}

/// Notes for events that were waited on but never came.
fn note_missed_waits(scene: &ir::Scene, story: &mut Story) {
    for tr in &scene.actor_tracks {
        for it in &tr.items {
            if let Start::At(e) | Start::After(e) | Start::During(e) = &it.start {
                let key = if e.event == Event::Flight { Event::Takeoff } else { e.event };
                if !story.events.contains_key(&(e.binding.clone(), key)) {
                    story.notes.push(format!("`{}.{}` never happened, so what waited on it did not run", e.binding, event_name(e.event)));
                }
            }
        }
    }
}

/// How a prop's surface is shaded: its material's finish, else `plain`.
pub(crate) fn surface_of(p: &ir::Prop, plain: Surface) -> Surface {
    p.finish.map_or(plain, |f| Surface::Finish { roughness: f.roughness, metalness: f.metalness, pattern: f.pattern, scale_m: f.pattern_scale_m })
}

/// The box around all of a static prop's parts: centre, size and rotation.
pub(crate) fn static_extent(p: &ir::Prop) -> (Vec3, Vec3, Quat) {
    let base = Vec3::from(p.position_m);
    match p.kind {
        ir::PropKind::Table { size_m, .. } | ir::PropKind::Chair { size_m, .. } | ir::PropKind::Block { size_m, .. } | ir::PropKind::Bin { size_m, .. } => {
            (base + Vec3::Y * (size_m[1] / 2.0), Vec3::from(size_m), block_turn(p))
        }
        _ => (base, Vec3::splat(0.1), Quat::IDENTITY),
    }
}

/// A static prop's rotation: its tilt about its own z axis, then its turn about +y.
pub(crate) fn block_turn(p: &ir::Prop) -> Quat {
    let tilt = match p.kind {
        ir::PropKind::Block { tilt_rad, .. } => tilt_rad,
        _ => 0.0,
    };
    Quat::from_rotation_y(p.yaw_rad()) * Quat::from_rotation_z(tilt)
}

/// Four legs of height `h` and thickness `t` under a `w` x `d` top.
pub(crate) fn legs(base: Vec3, w: f32, d: f32, h: f32, t: f32) -> Vec<(Vec3, Vec3, Quat)> {
    [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)]
        .iter()
        .map(|(sx, sz)| (base + Vec3::new(sx * (w / 2.0 - t), h / 2.0, sz * (d / 2.0 - t)), Vec3::new(t / 2.0, h / 2.0, t / 2.0), Quat::IDENTITY))
        .collect()
}

/// A dynamic prop's collider and where its body's centre starts.
pub(crate) fn dynamic_shape(p: &ir::Prop) -> Option<(ColliderBuilder, Vec3, f32, [f32; 3])> {
    let base = Vec3::from(p.position_m);
    Some(match p.kind {
        ir::PropKind::Ball { radius_m, velocity_mps, restitution, friction, density_kgpm3, .. } => {
            (ColliderBuilder::ball(radius_m).restitution(restitution).friction(friction).density(density_kgpm3), base, 0.0, velocity_mps)
        }
        ir::PropKind::Block { size_m: [x, y, z], yaw_rad, dynamic: true, restitution, friction, density_kgpm3, .. } => (
            ColliderBuilder::cuboid(x / 2.0, y / 2.0, z / 2.0).restitution(restitution).friction(friction).density(density_kgpm3),
            base + Vec3::Y * (y / 2.0),
            yaw_rad,
            [0.0; 3],
        ),
        // A soft slab's top: its upper half (room below it to sink into), light, without
        // bounce of its own (its spring is the bounce). The body is the whole slab's centre.
        ir::PropKind::Soft { size_m: [x, y, z], yaw_rad, friction, .. } => (
            ColliderBuilder::cuboid(x / 2.0, y / 4.0, z / 2.0)
                .translation(Vector::new(0.0, y / 4.0, 0.0))
                .restitution(0.0)
                .friction(friction)
                .mass(SOFT_TOP_KG),
            base + Vec3::Y * (y / 2.0),
            yaw_rad,
            [0.0; 3],
        ),
        ir::PropKind::Cup { radius_m, height_m, restitution, friction, density_kgpm3 } => (
            ColliderBuilder::cylinder(height_m / 2.0, radius_m).restitution(restitution).friction(friction).density(density_kgpm3),
            base + Vec3::Y * (height_m / 2.0),
            0.0,
            [0.0; 3],
        ),
        _ => return None,
    })
}

/// A dynamic prop's size for the renderer's unit meshes and for framing.
pub(crate) fn dynamic_scale(p: &ir::Prop) -> [f32; 3] {
    match p.kind {
        ir::PropKind::Ball { radius_m, .. } => [2.0 * radius_m; 3],
        ir::PropKind::Block { size_m, .. } | ir::PropKind::Soft { size_m, .. } => size_m,
        ir::PropKind::Cup { radius_m, height_m, .. } => [2.0 * radius_m, height_m, 2.0 * radius_m],
        _ => [0.0; 3],
    }
}

pub(crate) fn in_contact(world: &PhysicsWorld, c: ColliderHandle) -> bool {
    world.narrow_phase.contact_pairs_with(c).any(|p| p.has_any_active_contact())
}

/// The colliders touching `c` now, in a stable order.
pub(crate) fn touching(world: &PhysicsWorld, c: ColliderHandle) -> Vec<ColliderHandle> {
    let mut v: Vec<ColliderHandle> = world
        .narrow_phase
        .contact_pairs_with(c)
        .filter(|p| p.has_any_active_contact())
        .map(|p| if p.collider1 == c { p.collider2 } else { p.collider1 })
        .collect();
    v.sort_by_key(|h| h.into_raw_parts());
    v
}

/// What the ground's material does to what bounces on it: a thing of restitution e comes
/// off it with sqrt(e · the ground's), the geometric mean (a ball's own bounciness is what
/// it does on the plain floor, which has no material).
pub(crate) struct GroundContacts {
    floor: ColliderHandle,
    restitution: Option<f32>,
}

impl rapier3d::prelude::PhysicsHooks for GroundContacts {
    fn modify_solver_contacts(&self, context: &mut rapier3d::prelude::ContactModificationContext) {
        let (Some(ground), true) = (self.restitution, context.collider1 == self.floor || context.collider2 == self.floor) else { return };
        if let Some(m) = context.rigid_mut() {
            *m.restitution = (*m.restitution * ground).max(0.0).sqrt();
        }
    }
}

/// A world with gravity, the step length and a length unit fitted to the smallest figure,
/// the floor (a slab whose top is y = 0) and every prop's fixed colliders.
fn new_world(scene: &ir::Scene, dt: f64) -> (PhysicsWorld, GroundContacts) {
    let mut world = PhysicsWorld::default();
    world.gravity = Vector::new(0.0, -scene.world.gravity_mps2, 0.0);
    world.integration_parameters.dt = dt as f32;
    // Contact tolerances scale with the smallest things that move: figures (by height) and
    // small cylinders (a stack of cans jitters apart with a metre's tolerances).
    let smallest = scene.actors.iter().map(|a| a.height_m).fold(1.8f32, f32::min);
    let cylinders =
        scene.props.iter().filter_map(|p| if let ir::PropKind::Cup { radius_m, .. } = p.kind { Some(10.0 * radius_m) } else { None }).fold(1.0f32, f32::min);
    world.integration_parameters.length_unit = (smallest / 1.8).min(cylinders).clamp(0.02, 1.0);
    // The floor: a thick slab whose top is y = 0, of the ground's material.
    let slab = ColliderBuilder::cuboid(500.0, 0.5, 500.0).translation(Vector::new(0.0, -0.5, 0.0));
    let floor = world.insert_collider(
        match scene.world.ground {
            Some(g) => slab.friction(g.friction).active_hooks(rapier3d::prelude::ActiveHooks::MODIFY_SOLVER_CONTACTS),
            None => slab.friction(0.8),
        },
        None,
    );
    let ground = GroundContacts { floor, restitution: scene.world.ground.map(|g| g.restitution) };
    for p in &scene.props {
        for (centre, half, turn) in prop_boxes(p) {
            let axis = turn.to_scaled_axis();
            world.insert_collider(
                ColliderBuilder::cuboid(half.x, half.y, half.z)
                    .translation(Vector::new(centre.x, centre.y, centre.z))
                    .rotation(Vector::new(axis.x, axis.y, axis.z))
                    .friction(0.8),
                None,
            );
        }
    }
    (world, ground)
}

/// Figure `i`: a rotation-locked capsule from the soles to near the top of the head (body
/// origin at the hip centre), its hands' collider (enabled while pushing), its items.
/// A figure's body: a capsule of this radius and half length (between the end caps'
/// centres) for a figure `h` tall, of water's density.
fn figure_capsule(h: f32) -> (f32, f32) {
    let r = humanoid::BODY_RADIUS * h;
    (r, (0.47 * h - r).max(0.0))
}

const FIGURE_DENSITY: f32 = 985.0;

/// The mass the simulation gives a figure `h` tall.
pub(crate) fn figure_mass_kg(h: f32) -> f32 {
    let (r, half) = figure_capsule(h);
    FIGURE_DENSITY * std::f32::consts::PI * r * r * (2.0 * half + 4.0 / 3.0 * r)
}

fn add_figure(world: &mut PhysicsWorld, scene: &ir::Scene, i: usize, a: &ir::Actor) -> ActorSim {
    let h = a.height_m;
    let hip = crate::skeleton::Skeleton::of(a).legs.hip_height * h;
    // Capsule from the soles to near the top of the head; body origin at the hip centre.
    let (r, half) = figure_capsule(h);
    let root = Vec3::from(a.position_m) + Vec3::Y * (hip + 0.002 * h);
    let body = RigidBodyBuilder::dynamic().translation(Vector::new(root.x, root.y, root.z)).lock_rotations().can_sleep(false).ccd_enabled(true).build();
    let bh = world.insert_body(body);
    let ch = world.insert_collider(
        ColliderBuilder::capsule_y(half, r)
            .translation(Vector::new(0.0, 0.47 * h - hip, 0.0))
            .density(FIGURE_DENSITY)
            .friction(0.0)
            .friction_combine_rule(CoefficientCombineRule::Min)
            .restitution(0.0)
            .restitution_combine_rule(CoefficientCombineRule::Min),
        Some(bh),
    );
    let hands = world.insert_collider(ColliderBuilder::cuboid(0.03 * h, 0.07 * h, 0.13 * h).density(0.0).friction(0.6).enabled(false), Some(bh));
    let items = scene.actor_tracks.iter().find(|t| t.actor == i).map(|t| t.items.clone()).unwrap_or_default();
    let pending = items.iter().enumerate().filter(|(_, it)| matches!(it.start, Start::During(_))).map(|(k, _)| k).collect();
    ActorSim {
        path_velocity: Vec2::ZERO,
        body: bh,
        collider: ch,
        items,
        next: 0,
        running: None,
        overlays: Vec::new(),
        pending,
        yaw: a.facing_rad,
        pose: Pose::standing(),
        gait_phase: 0.0,
        root_offset: Vec3::ZERO,
        flip: None,
        hands,
        holding: a.holds_prop,
        released: None,
        balancing: None,
    }
}

/// Dynamic props (balls, boxes, dominoes, cups) with their material's restitution and
/// friction: (prop index, body, when it came to rest), their colliders, and each one's
/// declared position and velocity.
#[allow(clippy::type_complexity)]
fn add_dynamic_props(world: &mut PhysicsWorld, scene: &ir::Scene) -> (Vec<(usize, RigidBodyHandle, Option<f64>)>, Vec<ColliderHandle>, Vec<(Vec3, Vector)>) {
    // Dynamic props: balls with their material's restitution and friction.
    let mut balls: Vec<(usize, RigidBodyHandle, Option<f64>)> = Vec::new();
    let mut ball_colliders: Vec<ColliderHandle> = Vec::new();
    // Each dynamic prop's declared position and velocity, held through the settling below.
    let mut declared: Vec<(Vec3, Vector)> = Vec::new();
    for (pi, p) in scene.props.iter().enumerate() {
        if let Some((collider, c, yaw, v)) = dynamic_shape(p) {
            let body = RigidBodyBuilder::dynamic()
                .enabled(p.appears_secs.is_none_or(|t| t <= 0.0))
                .translation(Vector::new(c.x, c.y, c.z))
                .rotation(Vector::new(0.0, yaw, 0.0))
                .linvel(Vector::new(v[0], v[1], v[2]))
                .ccd_enabled(true)
                .can_sleep(false)
                .angular_damping(0.02)
                .linear_damping(0.01)
                .build();
            let h = world.insert_body(body);
            let ch = world.insert_collider(collider.restitution_combine_rule(CoefficientCombineRule::Max), Some(h));
            if let ir::PropKind::Soft { size_m, give_m, .. } = p.kind {
                spring_under(world, h, c, size_m[1], give_m, scene.world.gravity_mps2);
            }
            balls.push((pi, h, None));
            ball_colliders.push(ch);
            declared.push((c, Vector::new(v[0], v[1], v[2])));
        }
    }
    (balls, ball_colliders, declared)
}

/// A soft slab's top weighs this much.
const SOFT_TOP_KG: f32 = 2.0;

/// A soft slab's spring: its top slides only up and down over a fixed anchor where it rests,
/// pulled back by a spring that a grown-up standing on it compresses `give`, damped to a
/// third of critical (it gives, then springs back once, gently), travelling at most nine
/// tenths of half its thickness (its top half sinks into the lower).
fn spring_under(world: &mut PhysicsWorld, top: RigidBodyHandle, centre: Vec3, thickness: f32, give: f32, g: f32) {
    use rapier3d::prelude::{LockedAxes, MotorModel, PrismaticJointBuilder};
    // A grown-up as the simulation weighs figures (their capsule's mass at 1.75 m).
    let person_kg = figure_mass_kg(1.75);
    let stiffness = person_kg * g.max(0.1) / give.max(1e-3);
    let damping = 2.0 * 0.33 * (stiffness * person_kg).sqrt();
    let anchor = world.insert_body(RigidBodyBuilder::fixed().translation(Vector::new(centre.x, centre.y, centre.z)).build());
    world.bodies[top].set_locked_axes(LockedAxes::ROTATION_LOCKED, true);
    let joint =
        PrismaticJointBuilder::new(Vector::Y).limits([-0.45 * thickness, 0.0]).motor_model(MotorModel::ForceBased).motor_position(0.0, stiffness, damping);
    world.impulse_joints.insert(anchor, top, joint, true);
}

/// Let everything settle onto its support for 0.1 s before story time starts. Props are held
/// still meanwhile (their velocity zeroed every step), so none moves before frame 0 and one
/// that starts overlapping another is moved out of it without the push becoming speed; they
/// get their declared velocity back as the story starts (noted when one had to move).
#[allow(clippy::too_many_arguments)]
fn settle(
    world: &mut PhysicsWorld,
    ground: &GroundContacts,
    scene: &ir::Scene,
    actors: &[ActorSim],
    balls: &[(usize, RigidBodyHandle, Option<f64>)],
    declared: &[(Vec3, Vector)],
    story: &mut Story,
) {
    for _ in 0..24 {
        for a in actors {
            if let Some(b) = world.bodies.get_mut(a.body) {
                let v = b.linvel();
                b.set_linvel(Vector::new(0.0, v.y.min(0.0), 0.0), true);
            }
        }
        for (_, h, _) in balls {
            world.bodies[*h].set_linvel(Vector::ZERO, true);
            world.bodies[*h].set_angvel(Vector::ZERO, true);
        }
        world.step_with_events(ground, &());
    }
    for ((pi, h, _), (at, v)) in balls.iter().zip(declared) {
        let b = &mut world.bodies[*h];
        b.set_linvel(*v, true);
        b.set_angvel(Vector::ZERO, true);
        let moved_m = (Vec3::from(b.translation()) - *at).length();
        if moved_m > 0.01 {
            story.notes.push(format!(
                "`{}` started overlapping something and was moved {:.0} cm out of it (without speed)",
                scene.props[*pi].name,
                moved_m * 100.0
            ));
        }
    }
}
