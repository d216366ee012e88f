//! Simulate: `Ir` → `Bake`. A rapier3d world steps story time at a fixed rate; motion
//! controllers drive each actor's root through physics (velocities and impulses, never
//! teleports) and pose its limbs procedurally; events (takeoff, apex, landing) are found by
//! watching the simulation. Then the two clocks map screen time to story time (a `freeze`
//! holds story time still) and the cameras are evaluated per screen frame.
//!
//! Deterministic: fixed timestep, no wall clock, no hash-map order, rapier's
//! enhanced-determinism feature.
//!
//! How it is built: `Ir` → `Bake`. `lib.rs`: the rapier3d world, actor controllers, event
//! detection; `humanoid.rs`: skeleton and forward kinematics, and the planted gait (two-bone IK
//! puts the stance foot back under the hip at the body's speed, one stride per gait cycle, so
//! feet do not slide); `clock.rs`: story ↔ screen time through warps (freeze = rate 0, slowmo =
//! rate F, a speed ramp = a factor linear in screen time); `camera.rs`: shots and moves;
//! `bake.rs`: the versioned output; `bake_file.rs`: its files, binary (`REELBAKE`, a CBOR
//! header, CBOR frames, a frame index at the end: a chunk reads only its frames) or JSON, told
//! apart by their first bytes and validated on read against the scene's limits
//! (`ir::output_limits`), the model budget and finite numbers. Before story time the world
//! settles for 0.1 s with props held still (their velocity zeroed each step), so frame 0 shows
//! them where declared and a starting overlap is resolved without speed (noted in the bake)
//! Climbing and sitting move the body kinematically along a path and hand it back to physics at
//! rest; pushing enables a box collider at the hands (placed each step where forward kinematics
//! puts them); a held prop is kinematic and a sensor at the right hand until a throw lets it go
//! with the ballistic velocity to its aim

/// The bake (crate `reel-bake`), re-exported where the simulation's callers look for it.
pub mod bake {
    pub use reel_bake::*;
}
pub use reel_bake::file as bake_file;
mod camera;
mod clock;
pub mod humanoid;

pub use clock::{Clock, Warp};
pub use reel_bake::{Bake, BakedEvent, CameraPose, Environment, Frame, LightDesc, NodeDesc, Shape, SkyKind, Surface, TargetView, Xform, BAKE_VERSION};

use glam::{Quat, Vec2, Vec3};
use humanoid::{Pose, LEFT, RIGHT};
use rapier3d::prelude::{CoefficientCombineRule, ColliderBuilder, ColliderHandle, PhysicsWorld, RigidBodyBuilder, RigidBodyHandle, RigidBodyType, Vector};
use reel_ir::{self as ir, Event, Motion, Start};
use std::collections::BTreeMap;

/// Physics steps per second of story time.
pub const STEP_HZ: f64 = 240.0;
/// Longest story the simulation will run when the scene leaves it open.
pub const MAX_STORY_SECS: f64 = 600.0;
/// How long a landing takes to absorb (the `landing` phase).
pub const LANDING_SECS: f64 = 0.45;
/// The crouch before a jump.
pub const JUMP_PREP_SECS: f64 = 0.1;
/// Rolling resistance coefficient of a ball on a hard surface.
pub const ROLLING_RESISTANCE: f32 = 0.02;
/// How long a prop must stay still to count as resting.
pub const REST_SECS: f64 = 0.3;
/// Balls that never settle stop holding the story open after this.
pub const BALL_MAX_SECS: f64 = 60.0;
/// Story time added after the last motion ends.
pub const TAIL_SECS: f64 = 1.0;

/// What the simulation knows of one actor at one physics step.
#[derive(Debug, Clone, Copy)]
struct Sample {
    root: Vec3,
    yaw: f32,
    pose: Pose,
}

/// The recorded story: per actor, one sample per step.
#[derive(Clone)]
pub struct Story {
    dt: f64,
    samples: Vec<Vec<Sample>>,
    /// Dynamic props (balls): prop index → (centre, rotation) per step.
    prop_samples: BTreeMap<usize, Vec<(Vec3, Quat)>>,
    pub events: BTreeMap<(String, Event), f64>,
    /// Predicted phase lengths (flight from the launch velocity; landing is fixed).
    phase_secs: BTreeMap<(String, Event), f64>,
    pub notes: Vec<String>,
}

impl Story {
    pub fn end_secs(&self) -> f64 {
        let steps = self.samples.iter().map(|s| s.len()).chain(self.prop_samples.values().map(|s| s.len())).max().unwrap_or(1);
        (steps.max(1) - 1) as f64 * self.dt
    }
    fn sample(&self, actor: usize, t: f64) -> Sample {
        let s = &self.samples[actor];
        let x = (t / self.dt).clamp(0.0, (s.len() - 1) as f64);
        let i = (x.floor() as usize).min(s.len() - 1);
        let j = (i + 1).min(s.len() - 1);
        let f = (x - i as f64) as f32;
        let (a, b) = (&s[i], &s[j]);
        let mut dyaw = b.yaw - a.yaw;
        dyaw = (dyaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        Sample { root: a.root.lerp(b.root, f), yaw: a.yaw + dyaw * f, pose: a.pose.lerp(&b.pose, f) }
    }
    fn sample_prop(&self, prop: usize, t: f64) -> Option<(Vec3, Quat)> {
        let s = self.prop_samples.get(&prop)?;
        let x = (t / self.dt).clamp(0.0, (s.len() - 1) as f64);
        let i = (x.floor() as usize).min(s.len() - 1);
        let j = (i + 1).min(s.len() - 1);
        let f = (x - i as f64) as f32;
        Some((s[i].0.lerp(s[j].0, f), s[i].1.slerp(s[j].1, f)))
    }
    /// Centre of a dynamic prop at story time `t` (for tests and tools).
    pub fn prop_at(&self, prop: usize, t: f64) -> Option<[f32; 3]> {
        self.sample_prop(prop, t).map(|(p, _)| p.into())
    }
    /// Rotation (quaternion x, y, z, w) of a dynamic prop at story time `t`.
    pub fn prop_rotation_at(&self, prop: usize, t: f64) -> Option<[f32; 4]> {
        self.sample_prop(prop, t).map(|(_, q)| q.to_array())
    }
    /// Story time of `binding.event`, if it happened.
    pub fn event(&self, e: &ir::EventRef) -> Option<f64> {
        self.events.get(&(e.binding.clone(), e.event)).copied()
    }
    /// An actor's joint angles at story time `t` (for tests and tools).
    pub fn pose_at(&self, actor: usize, t: f64) -> Pose {
        self.sample(actor, t).pose
    }
    /// The direction an actor faces at story time `t`, radians about +y (0: +x).
    pub fn yaw_at(&self, actor: usize, t: f64) -> f32 {
        self.sample(actor, t).yaw
    }
    /// Height of an actor's root at story time `t` (for tests and tools).
    pub fn root_at(&self, actor: usize, t: f64) -> [f32; 3] {
        self.sample(actor, t).root.into()
    }
}

enum Stage {
    Loco {
        from: Vec2,
        to: Vec2,
        duration: f64,
        gait: ir::Gait,
    },
    JumpPrep {
        up: f32,
        forward: f32,
        turns: ir::Turns,
    },
    JumpLaunched {
        launched_at: f64,
    },
    JumpFlight {
        prev_vy: f32,
    },
    RaiseArms {
        duration: f64,
    },
    Turn {
        from: f32,
        by: f32,
        duration: f64,
    },
    Kick {
        side: usize,
        duration: f64,
    },
    JumpLanding {
        landed_at: f64,
    },
    Swing {
        side: usize,
        dir: ir::SwingDirection,
        duration: f64,
    },
    Wave {
        side: usize,
        duration: f64,
    },
    Idle {
        until: Option<f64>,
    },
    Stop {
        v0: Vec2,
        duration: f64,
    },
    Land {
        landed_at: Option<f64>,
        duration: f64,
    },
    /// Root positions: where it starts, beside the edge raised above the top, on the top.
    Climb {
        from: Vec3,
        edge: Vec3,
        top: Vec3,
        duration: f64,
    },
    /// Root positions standing and seated; seated pose; standing up at `stand_at`.
    /// `ankles`: where the ankles are standing and seated (on the floor), the legs placed by
    /// IK between them so the feet never go through the floor.
    Sit {
        from: Vec3,
        seat: Vec3,
        yaw: (f32, f32),
        seated: Pose,
        ankles: (Vec3, Vec3),
        stand_at: Option<f64>,
        duration: f64,
    },
    Balance {
        side: usize,
        duration: f64,
    },
    /// `pushing_since`: when the hands met the prop.
    Push {
        prop: usize,
        by: f32,
        duration: f64,
        pushing_since: Option<f64>,
    },
    Throw {
        prop: usize,
        target: ir::ThrowTarget,
        duration: f64,
        pickup: Option<Vec3>,
        released: bool,
    },
    Catch {
        prop: usize,
        until: f64,
    },
}

struct Running {
    item: usize,
    t0: f64,
    stage: Stage,
}

/// An arm motion laid over what the body does: `during` a phase, or `together` with it.
struct Overlay {
    side: usize,
    /// `None`: a wave.
    dir: Option<ir::SwingDirection>,
    t0: f64,
    duration: f64,
    /// The item, to emit its end.
    item: usize,
    /// Part of a `together` group: the next sequential item waits for it.
    group: bool,
}

struct ActorSim {
    body: RigidBodyHandle,
    collider: ColliderHandle,
    items: Vec<ir::ActorItem>,
    next: usize,
    running: Option<Running>,
    overlays: Vec<Overlay>,
    /// `during` items not yet started.
    pending: Vec<usize>,
    yaw: f32,
    pose: Pose,
    gait_phase: f32,
    root_offset: Vec3,
    /// The flip in the air, if the running jump turns the body.
    flip: Option<Flip>,
    /// A box collider where the hands are, enabled while pushing.
    hands: ColliderHandle,
    /// The prop held in the right hand (caught, or picked up to throw).
    holding: Option<usize>,
    /// A thrown prop and when it stops ignoring contacts (it leaves from inside the reach).
    released: Option<(usize, f64)>,
}

/// The physics handles of the dynamic props, by prop index.
type PropBodies = [Option<(RigidBodyHandle, ColliderHandle)>];

/// A jump's turns in flight, timed by the flight the launch gives.
struct Flip {
    turns: ir::Turns,
    launched_at: f64,
    flight: f64,
    yaw0: f32,
}

pub fn simulate(scene: &ir::Scene) -> Bake {
    let story = simulate_story(scene, None);
    bake_from_story(scene, story)
}

/// Run the physics. `until` forces a minimum story length.
pub fn simulate_story(scene: &ir::Scene, until: Option<f64>) -> Story {
    let dt = 1.0 / STEP_HZ;
    let mut world = PhysicsWorld::default();
    world.gravity = Vector::new(0.0, -scene.world.gravity_mps2, 0.0);
    world.integration_parameters.dt = dt as f32;
    let smallest = scene.actors.iter().map(|a| a.height_m).fold(1.8f32, f32::min);
    world.integration_parameters.length_unit = (smallest / 1.8).clamp(0.02, 1.0);
    // The floor: a thick slab whose top is y = 0.
    world.insert_collider(ColliderBuilder::cuboid(500.0, 0.5, 500.0).translation(Vector::new(0.0, -0.5, 0.0)).friction(0.8), None);
    for p in &scene.props {
        for (centre, half, yaw) in prop_boxes(p) {
            world.insert_collider(
                ColliderBuilder::cuboid(half.x, half.y, half.z)
                    .translation(Vector::new(centre.x, centre.y, centre.z))
                    .rotation(Vector::new(0.0, yaw, 0.0))
                    .friction(0.8),
                None,
            );
        }
    }
    let mut actors = Vec::new();
    for (i, a) in scene.actors.iter().enumerate() {
        let h = a.height_m;
        let r = humanoid::BODY_RADIUS * h;
        let hip = humanoid::HIP_HEIGHT * h;
        // Capsule from the soles to near the top of the head; body origin at the hip centre.
        let half = (0.47 * h - r).max(0.0);
        let root = Vec3::from(a.position_m) + Vec3::Y * (hip + 0.002 * h);
        let body = RigidBodyBuilder::dynamic().translation(Vector::new(root.x, root.y, root.z)).lock_rotations().can_sleep(false).ccd_enabled(true).build();
        let bh = world.insert_body(body);
        let ch = world.insert_collider(
            ColliderBuilder::capsule_y(half, r)
                .translation(Vector::new(0.0, 0.47 * h - hip, 0.0))
                .density(985.0)
                .friction(0.0)
                .friction_combine_rule(CoefficientCombineRule::Min)
                .restitution(0.0)
                .restitution_combine_rule(CoefficientCombineRule::Min),
            Some(bh),
        );
        let hands = world.insert_collider(ColliderBuilder::cuboid(0.03 * h, 0.07 * h, 0.13 * h).density(0.0).friction(0.6).enabled(false), Some(bh));
        let items = scene.actor_tracks.iter().find(|t| t.actor == i).map(|t| t.items.clone()).unwrap_or_default();
        let pending = items.iter().enumerate().filter(|(_, it)| matches!(it.start, Start::During(_))).map(|(k, _)| k).collect();
        actors.push(ActorSim {
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
            holding: None,
            released: None,
        });
    }
    // Dynamic props: balls with their material's restitution and friction.
    let mut balls: Vec<(usize, RigidBodyHandle, Option<f64>)> = Vec::new();
    let mut ball_colliders: Vec<ColliderHandle> = Vec::new();
    // Each dynamic prop's declared position and velocity, held through the settling below.
    let mut declared: Vec<(Vec3, Vector)> = Vec::new();
    for (pi, p) in scene.props.iter().enumerate() {
        if let Some((collider, c, yaw, v)) = dynamic_shape(p) {
            let body = RigidBodyBuilder::dynamic()
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
            balls.push((pi, h, None));
            ball_colliders.push(ch);
            declared.push((c, Vector::new(v[0], v[1], v[2])));
        }
    }
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
    // Let everything settle onto its support for a moment before story time starts. Props
    // are held still meanwhile (their velocity zeroed every step), so none moves before
    // frame 0 and one that starts overlapping another is moved out of it without the push
    // becoming speed; they get their declared velocity back as the story starts.
    for _ in 0..24 {
        for a in &actors {
            if let Some(b) = world.bodies.get_mut(a.body) {
                let v = b.linvel();
                b.set_linvel(Vector::new(0.0, v.y.min(0.0), 0.0), true);
            }
        }
        for (_, h, _) in &balls {
            world.bodies[*h].set_linvel(Vector::ZERO, true);
            world.bodies[*h].set_angvel(Vector::ZERO, true);
        }
        world.step();
    }
    for ((pi, h, _), (at, v)) in balls.iter().zip(&declared) {
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
    // Contact is resolved with a small skin; draw the figure with its soles on the surface.
    for (a, ir_a) in actors.iter_mut().zip(&scene.actors) {
        let y = world.bodies[a.body].translation().y;
        let want = ir_a.position_m[1] + humanoid::HIP_HEIGHT * ir_a.height_m;
        let gap = y - want;
        if gap.abs() < 0.05 * ir_a.height_m {
            a.root_offset = Vec3::new(0.0, -gap, 0.0);
        }
    }
    // What each dynamic prop touches as the story begins: `contact` is the first touch by
    // anything else.
    let touching_at_start: Vec<Vec<ColliderHandle>> = ball_colliders.iter().map(|&c| touching(&world, c)).collect();
    let mut contacted = vec![false; balls.len()];
    let record = |story: &mut Story, world: &PhysicsWorld, actors: &[ActorSim], balls: &[(usize, RigidBodyHandle, Option<f64>)]| {
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
    };
    record(&mut story, &world, &actors, &balls);
    let mut step = 0u64;
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
            k.control(balls[k.ball].1, &mut world, &mut story, t, dt);
        }
        // Rolling resistance, which rigid contact does not model: while a ball rolls on a
        // surface, a constant deceleration μ_r·g opposes its motion, so it stops in finite
        // time as real balls do.
        for ((pi, h, _), ch) in balls.iter().zip(&ball_colliders) {
            if !matches!(scene.props[*pi].kind, ir::PropKind::Ball { .. }) || !in_contact(&world, *ch) {
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
            let dv = ROLLING_RESISTANCE * g * dt as f32;
            let k = if speed > dv { (speed - dv) / speed } else { 0.0 };
            b.set_linvel(Vector::new(v.x * k, v.y, v.z * k), true);
            let w = b.angvel();
            b.set_angvel(Vector::new(w.x * k, w.y * k, w.z * k), true);
        }
        world.step();
        step += 1;
        let t1 = step as f64 * dt;
        for a in actors.iter_mut() {
            a.observe(&world, &mut story, &prop_bodies, t1, dt);
        }
        held = actors.iter().filter_map(|a| a.holding).collect();
        for (bi, (pi, _, _)) in balls.iter().enumerate() {
            if !contacted[bi] && touching(&world, ball_colliders[bi]).iter().any(|c| !touching_at_start[bi].contains(c)) {
                contacted[bi] = true;
                story.events.insert((scene.props[*pi].name.clone(), Event::Contact), t1);
            }
        }
        // A ball rests once it has been nearly still for REST_SECS; the event is when it
        // became still.
        for (bi, (pi, h, still_since)) in balls.iter_mut().enumerate() {
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
                (false, _) if story.events.get(&(scene.props[*pi].name.clone(), Event::Rests)).is_none() => *still_since = None,
                _ => {}
            }
            if let (Some(ts), true) = (*still_since, moved[bi]) {
                if t1 - ts >= REST_SECS {
                    story.events.entry((scene.props[*pi].name.clone(), Event::Rests)).or_insert(ts);
                }
            }
        }
        record(&mut story, &world, &actors, &balls);
    }
    // Events that were waited on but never came.
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
    story
}

pub fn event_name(e: Event) -> &'static str {
    match e {
        Event::Start => "start",
        Event::Takeoff => "takeoff",
        Event::Apex => "apex",
        Event::Landing => "landing",
        Event::Flight => "flight",
        Event::End => "end",
        Event::Rests => "rests",
        Event::Contact => "contact",
        Event::Release => "release",
    }
}

/// How a prop's surface is shaded: its material's finish, else `plain`.
fn surface_of(p: &ir::Prop, plain: Surface) -> Surface {
    p.finish.map_or(plain, |f| Surface::Finish { roughness: f.roughness, metalness: f.metalness })
}

/// The static boxes a prop is built of: (centre, half extents, turn about +y). Tables,
/// chairs and walls; dynamic props have none.
pub(crate) fn prop_boxes(p: &ir::Prop) -> Vec<(Vec3, Vec3, f32)> {
    let base = Vec3::from(p.position_m);
    match p.kind {
        ir::PropKind::Table { size_m: [l, h, d] } => {
            let top_t = (0.04 * h).clamp(0.01, 0.06);
            let leg = (0.04 * l.min(d)).clamp(0.02, 0.08);
            let mut v = vec![(base + Vec3::new(0.0, h - top_t / 2.0, 0.0), Vec3::new(l / 2.0, top_t / 2.0, d / 2.0), 0.0)];
            v.extend(legs(base, l, d, h - top_t, leg));
            v
        }
        ir::PropKind::Chair { size_m: [w, h, d], seat_m } => {
            let seat_t = (0.08 * seat_m).clamp(0.01, 0.05);
            let leg = (0.08 * w.min(d)).clamp(0.01, 0.05);
            let mut v = vec![(base + Vec3::new(0.0, seat_m - seat_t / 2.0, 0.0), Vec3::new(w / 2.0, seat_t / 2.0, d / 2.0), 0.0)];
            v.extend(legs(base, w, d, seat_m - seat_t, leg));
            let back_h = h - seat_m;
            v.push((base + Vec3::new(-w / 2.0 + leg / 2.0, seat_m + back_h / 2.0, 0.0), Vec3::new(leg / 2.0, back_h / 2.0, d / 2.0), 0.0));
            v
        }
        ir::PropKind::Block { size_m: [x, y, z], yaw_rad, dynamic: false, .. } => {
            vec![(base + Vec3::Y * (y / 2.0), Vec3::new(x / 2.0, y / 2.0, z / 2.0), yaw_rad)]
        }
        _ => Vec::new(),
    }
}

/// The box around all of a static prop's parts: centre, size and turn about +y.
fn static_extent(p: &ir::Prop) -> (Vec3, Vec3, f32) {
    let base = Vec3::from(p.position_m);
    match p.kind {
        ir::PropKind::Table { size_m } | ir::PropKind::Chair { size_m, .. } => (base + Vec3::Y * (size_m[1] / 2.0), Vec3::from(size_m), 0.0),
        ir::PropKind::Block { size_m, yaw_rad, .. } => (base + Vec3::Y * (size_m[1] / 2.0), Vec3::from(size_m), yaw_rad),
        _ => (base, Vec3::splat(0.1), 0.0),
    }
}

/// Four legs of height `h` and thickness `t` under a `w` x `d` top.
fn legs(base: Vec3, w: f32, d: f32, h: f32, t: f32) -> Vec<(Vec3, Vec3, f32)> {
    [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)]
        .iter()
        .map(|(sx, sz)| (base + Vec3::new(sx * (w / 2.0 - t), h / 2.0, sz * (d / 2.0 - t)), Vec3::new(t / 2.0, h / 2.0, t / 2.0), 0.0))
        .collect()
}

/// A dynamic prop's collider and where its body's centre starts.
fn dynamic_shape(p: &ir::Prop) -> Option<(ColliderBuilder, Vec3, f32, [f32; 3])> {
    let base = Vec3::from(p.position_m);
    Some(match p.kind {
        ir::PropKind::Ball { radius_m, velocity_mps, restitution, friction, density_kgpm3 } => {
            (ColliderBuilder::ball(radius_m).restitution(restitution).friction(friction).density(density_kgpm3), base, 0.0, velocity_mps)
        }
        ir::PropKind::Block { size_m: [x, y, z], yaw_rad, dynamic: true, restitution, friction, density_kgpm3 } => (
            ColliderBuilder::cuboid(x / 2.0, y / 2.0, z / 2.0).restitution(restitution).friction(friction).density(density_kgpm3),
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
fn dynamic_scale(p: &ir::Prop) -> [f32; 3] {
    match p.kind {
        ir::PropKind::Ball { radius_m, .. } => [2.0 * radius_m; 3],
        ir::PropKind::Block { size_m, .. } => size_m,
        ir::PropKind::Cup { radius_m, height_m, .. } => [2.0 * radius_m, height_m, 2.0 * radius_m],
        _ => [0.0; 3],
    }
}

fn in_contact(world: &PhysicsWorld, c: ColliderHandle) -> bool {
    world.narrow_phase.contact_pairs_with(c).any(|p| p.has_any_active_contact())
}

/// The colliders touching `c` now, in a stable order.
fn touching(world: &PhysicsWorld, c: ColliderHandle) -> Vec<ColliderHandle> {
    let mut v: Vec<ColliderHandle> = world
        .narrow_phase
        .contact_pairs_with(c)
        .filter(|p| p.has_any_active_contact())
        .map(|p| if p.collider1 == c { p.collider2 } else { p.collider1 })
        .collect();
    v.sort_by_key(|h| h.into_raw_parts());
    v
}

/// Fraction of a locomotion's path covered at fraction `u` of its time: a quick
/// acceleration, then constant speed (so a run can flow into a jump).
fn loco_progress(u: f64) -> f64 {
    let a = 0.12;
    let vmax = 1.0 / (1.0 - a / 2.0);
    let u = u.clamp(0.0, 1.0);
    if u < a {
        vmax * u * u / (2.0 * a)
    } else {
        vmax * (a / 2.0 + (u - a))
    }
}

impl ActorSim {
    fn finished(&self) -> bool {
        let open_idle =
            matches!(self.running, Some(Running { stage: Stage::Idle { until: None }, .. }) | Some(Running { stage: Stage::Sit { stand_at: None, .. }, .. }));
        let nothing = self.running.is_none() && self.next_sequential().is_none();
        (open_idle || nothing) && self.overlays.is_empty()
    }

    fn next_sequential(&self) -> Option<usize> {
        (self.next..self.items.len()).find(|&k| !matches!(self.items[k].start, Start::During(_) | Start::Together))
    }

    fn emit(story: &mut Story, item: &ir::ActorItem, e: Event, t: f64) {
        if let Some(b) = &item.binding {
            story.events.entry((b.clone(), e)).or_insert(t);
        }
    }

    fn end_running(&mut self, story: &mut Story, t: f64) {
        if let Some(r) = self.running.take() {
            Self::emit(story, &self.items[r.item], Event::End, t);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn start_item(&mut self, k: usize, scene: &ir::Scene, index: usize, world: &PhysicsWorld, props: &PropBodies, story: &mut Story, t: f64) {
        // A `together` group: the items after `k` marked `Together` start now as well. The
        // one that moves the body runs as the main motion, the arm motions as overlays.
        let mut group = vec![k];
        group.extend((k + 1..self.items.len()).take_while(|&j| matches!(self.items[j].start, Start::Together)));
        let last = *group.last().unwrap_or(&k);
        let main =
            group.iter().copied().find(|&j| !matches!(self.items[j].motion, Motion::Swing { .. } | Motion::Wave { .. } | Motion::Point { .. })).unwrap_or(k);
        for &j in group.iter().filter(|&&j| j != main) {
            let it = self.items[j].clone();
            if let Some(o) = overlay_of(&it.motion, j, t, true) {
                Self::emit(story, &it, Event::Start, t);
                self.overlays.push(o);
            }
        }
        let k = main;
        let item = self.items[k].clone();
        Self::emit(story, &item, Event::Start, t);
        let p = world.bodies[self.body].translation();
        let v = world.bodies[self.body].linvel();
        let root = Vec3::new(p.x, p.y, p.z);
        let actor = &scene.actors[index];
        let h = actor.height_m;
        let now = |note: String, story: &mut Story| {
            story.notes.push(note);
            Stage::Idle { until: Some(t) }
        };
        let stage = match item.motion {
            Motion::Stop { duration_secs } => Stage::Stop { v0: Vec2::new(v.x, v.z), duration: duration_secs as f64 },
            Motion::Land { duration_secs } => Stage::Land { landed_at: None, duration: duration_secs as f64 },
            Motion::Balance { side, duration_secs } => Stage::Balance { side: side_index(side), duration: duration_secs as f64 },
            Motion::Climb { prop, duration_secs } => match climb_path(scene, world, props, prop, actor, root) {
                Ok((edge, top)) => Stage::Climb { from: root, edge, top, duration: duration_secs as f64 },
                Err(note) => now(note, story),
            },
            Motion::Sit { prop, hold_secs, duration_secs } => match sit_place(scene, world, props, prop, actor, root, self.yaw) {
                Ok((seat, yaw, seated, ankle)) => Stage::Sit {
                    from: root,
                    seat,
                    yaw: (self.yaw, yaw),
                    seated,
                    ankles: (Vec3::new(root.x, ankle.y, root.z), ankle),
                    stand_at: hold_secs.map(|s| t + duration_secs as f64 + s as f64),
                    duration: duration_secs as f64,
                },
                Err(note) => now(note, story),
            },
            Motion::Push { prop, by_m, duration_secs } => Stage::Push { prop, by: by_m, duration: duration_secs as f64, pushing_since: None },
            Motion::Throw { prop, target, duration_secs } => {
                let at = props[prop].map(|(b, _)| {
                    let q = world.bodies[b].translation();
                    Vec3::new(q.x, q.y, q.z)
                });
                let hand = hand_at(actor, root + self.root_offset, self.yaw, &self.pose).1;
                match at {
                    _ if self.holding == Some(prop) => Stage::Throw { prop, target, duration: duration_secs as f64, pickup: None, released: false },
                    Some(q) if q.distance(hand) <= REACH * h => {
                        self.holding = Some(prop);
                        Stage::Throw { prop, target, duration: duration_secs as f64, pickup: Some(q), released: false }
                    }
                    Some(q) => now(
                        format!(
                            "`{}` is {:.2}m from `{}`'s hand, out of reach to throw: catch it or walk up to it first",
                            scene.props[prop].name,
                            q.distance(hand),
                            actor.name
                        ),
                        story,
                    ),
                    None => now(format!("`{}` cannot be thrown", scene.props[prop].name), story),
                }
            }
            Motion::Catch { prop, duration_secs } => Stage::Catch { prop, until: t + duration_secs as f64 },
            // An instant: it ends where it starts.
            Motion::Mark => {
                Self::emit(story, &item, Event::End, t);
                self.next = last + 1;
                return;
            }
            Motion::Locomotion { gait, target_m, duration_secs } => {
                Stage::Loco { from: Vec2::new(p.x, p.z), to: Vec2::from(target_m), duration: duration_secs as f64, gait }
            }
            Motion::Jump { up_m, forward_m, turns } => Stage::JumpPrep { up: up_m, forward: forward_m, turns },
            Motion::RaiseArms { duration_secs } => Stage::RaiseArms { duration: duration_secs as f64 },
            Motion::Turn { by_rad, to_rad, duration_secs } => {
                // To a heading: the short way round.
                let by = match (by_rad, to_rad) {
                    (Some(b), _) => b,
                    (None, Some(to)) => (to - self.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI,
                    _ => 0.0,
                };
                Stage::Turn { from: self.yaw, by, duration: duration_secs as f64 }
            }
            Motion::Kick { side, duration_secs } => Stage::Kick { side: side_index(side), duration: duration_secs as f64 },
            // Held alone, a point is an arm raised forward over standing still.
            Motion::Point { side, duration_secs } => Stage::Swing { side: side_index(side), dir: ir::SwingDirection::Forward, duration: duration_secs as f64 },
            Motion::Swing { side, direction, duration_secs } => Stage::Swing { side: side_index(side), dir: direction, duration: duration_secs as f64 },
            Motion::Idle { duration_secs } => Stage::Idle { until: duration_secs.map(|d| t + d as f64) },
            Motion::Wave { side, duration_secs } => Stage::Wave { side: side_index(side), duration: duration_secs as f64 },
        };
        self.running = Some(Running { item: k, t0: t, stage });
        self.next = last + 1;
    }

    /// Before a physics step: schedule items, drive the body, pose the limbs.
    #[allow(clippy::too_many_arguments)]
    fn control(&mut self, _index: usize, scene: &ir::Scene, world: &mut PhysicsWorld, story: &mut Story, props: &PropBodies, roots: &[Vec3], t: f64, dt: f64) {
        // A thrown prop takes part in contacts again once clear of the hand.
        if let Some((pi, until)) = self.released {
            if t >= until {
                if let Some((_, c)) = props[pi] {
                    world.colliders[c].set_sensor(false);
                }
                self.released = None;
            }
        }
        // Start `during` overlays whose phase has begun.
        let mut k = 0;
        while k < self.pending.len() {
            let item = &self.items[self.pending[k]];
            let Start::During(e) = &item.start else { unreachable!() };
            let start_event = if e.event == Event::Flight { Event::Takeoff } else { e.event };
            if let Some(ts) = story.events.get(&(e.binding.clone(), start_event)).copied() {
                if t >= ts {
                    let phase_len = story.phase_secs.get(&(e.binding.clone(), e.event)).copied();
                    if let Some(mut o) = overlay_of(&item.motion, self.pending[k], t, false) {
                        o.duration = phase_len.unwrap_or(o.duration);
                        self.overlays.push(o);
                    }
                    let it = item.clone();
                    Self::emit(story, &it, Event::Start, t);
                    self.pending.remove(k);
                    continue;
                }
            }
            k += 1;
        }
        // Sequential items: `at` cuts what runs; others wait for it to end.
        if let Some(n) = self.next_sequential() {
            let ready = match &self.items[n].start {
                Start::Sequential => self.running.is_none() && !self.overlays.iter().any(|o| o.group),
                Start::After(e) => self.running.is_none() && !self.overlays.iter().any(|o| o.group) && story.event(e).is_some_and(|te| t >= te),
                Start::At(e) => story.event(e).is_some_and(|te| t >= te),
                Start::During(_) | Start::Together => false,
            };
            if ready {
                self.end_running(story, t);
                self.start_item(n, scene, _index, world, props, story, t);
            }
        }
        let actor = &scene.actors[_index];
        let h = actor.height_m;
        // The prop the running motion is about, where it is now.
        let focus = match self.running.as_ref().map(|r| &r.stage) {
            Some(Stage::Push { prop, .. }) | Some(Stage::Throw { prop, .. }) | Some(Stage::Catch { prop, .. }) => prop_pos(world, props, *prop),
            _ => None,
        };
        let aim_at = match self.running.as_ref().map(|r| &r.stage) {
            Some(Stage::Throw { target, .. }) => Some(match *target {
                ir::ThrowTarget::Point(q) => Vec3::from(q),
                ir::ThrowTarget::Actor(i) => roots[i] + Vec3::Y * 0.2 * scene.actors[i].height_m,
                ir::ThrowTarget::Prop(i) => prop_pos(world, props, i).unwrap_or_else(|| {
                    let pr = &scene.props[i];
                    Vec3::new(pr.position_m[0], pr.top_m(), pr.position_m[2])
                }),
            }),
            _ => None,
        };
        // The right hand now, for a catch (forward kinematics only when something needs it).
        let catching = matches!(self.running.as_ref().map(|r| &r.stage), Some(Stage::Catch { .. }));
        let hand_now = catching.then(|| {
            let q = world.bodies[self.body].translation();
            hand_at(actor, Vec3::new(q.x, q.y, q.z) + self.root_offset, self.yaw, &self.pose).1
        });
        let mut next_root: Option<Vec3> = None;
        let mut exact = false;
        let mut caught: Option<usize> = None;
        let mut release: Option<(usize, Vec3)> = None;
        let mut pickup: Option<(Vec3, f32)> = None;
        // A body moved along a path (sitting, climbing) has no mass to give: rapier would let
        // it drive a dynamic seat or box through the floor or off across it. Its collider is
        // a sensor for as long, so the path passes through what it meets and the seat stays
        // where it stands.
        let on_path = world.bodies[self.body].body_type() == RigidBodyType::KinematicPositionBased;
        if let Some(c) = world.colliders.get_mut(self.collider) {
            if c.is_sensor() != on_path {
                c.set_sensor(on_path);
            }
        }
        let body = &mut world.bodies[self.body];
        let v = body.linvel();
        let p = body.translation();
        let mut target = Pose::standing();
        let mut finished = false;
        // Legs placed exactly (not smoothed), so planted feet stay planted.
        let mut planted = false;
        match self.running.as_mut().map(|r| (r.t0, &mut r.stage)) {
            Some((t0, Stage::Loco { from, to, duration, gait })) => {
                let u_next = ((t + dt - t0) / *duration).min(1.0);
                let want = *from + (*to - *from) * loco_progress(u_next) as f32;
                let vel = (want - Vec2::new(p.x, p.z)) / dt as f32;
                body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
                let speed = vel.length();
                if speed > 1e-4 {
                    let dir = *to - *from;
                    if dir.length() > 1e-6 {
                        self.yaw = (-dir.y).atan2(dir.x);
                    }
                }
                target = gait_pose(&mut self.gait_phase, *gait, speed, h, dt);
                planted = true;
                if t + dt - t0 >= *duration {
                    finished = true;
                }
            }
            Some((t0, Stage::JumpPrep { up, forward, turns })) => {
                let turns = *turns;
                let u = ((t - t0) / JUMP_PREP_SECS) as f32;
                target = Pose { drop: 0.28 * u.min(1.0), lean: 0.35, shoulder: [-0.8, -0.8], elbow: [0.4, 0.4], ..Pose::standing() };
                // Keep the run's momentum through the crouch.
                if t - t0 + dt >= JUMP_PREP_SECS {
                    // Launch: the impulse that gives apex `up` and lands `forward` ahead.
                    let g = scene.world.gravity_mps2.max(1e-3);
                    let vy = (2.0 * g * *up).sqrt();
                    let flight = 2.0 * vy / g;
                    let fwd = Vec2::new(self.yaw.cos(), -self.yaw.sin()) * (*forward / flight);
                    let m = body.mass();
                    let dv = Vector::new(fwd.x - v.x, vy - v.y, fwd.y - v.z);
                    body.apply_impulse(dv * m, true);
                    let r = self.running.as_ref().unwrap();
                    if let Some(b) = &self.items[r.item].binding {
                        story.phase_secs.insert((b.clone(), Event::Flight), flight as f64);
                        story.phase_secs.insert((b.clone(), Event::Landing), LANDING_SECS);
                    }
                    self.running.as_mut().unwrap().stage = Stage::JumpLaunched { launched_at: t + dt };
                    self.flip = (!turns.is_none()).then_some(Flip { turns, launched_at: t + dt, flight: flight as f64, yaw0: self.yaw });
                }
            }
            Some((_, Stage::JumpLaunched { .. })) | Some((_, Stage::JumpFlight { .. })) => {
                // Ballistic: nothing touches the velocity. Tuck and raise the arms.
                target = Pose {
                    drop: 0.0,
                    hip: [0.9, 0.25],
                    knee: [1.4, 0.9],
                    lean: 0.1,
                    shoulder: [2.3, 2.9],
                    abduct: [0.3, 0.2],
                    elbow: [0.3, 0.2],
                    head_pitch: 0.0,
                    tumble: [0.0, 0.0],
                };
                if let Some(f) = &self.flip {
                    // A flip turns the body about its hips through the flight the physics
                    // gives (2·v_y/g), eased so it is upright at takeoff and landing; a
                    // tight tuck for somersaults, arms and legs spread for cartwheels.
                    let u = ((t + dt - f.launched_at) / f.flight).clamp(0.0, 1.0) as f32;
                    let k = u * u * (3.0 - 2.0 * u);
                    target.tumble = [f.turns.pitch * k, f.turns.roll * k];
                    self.yaw = f.yaw0 + f.turns.yaw * k;
                    if f.turns.roll != 0.0 {
                        target = Pose {
                            shoulder: [2.9, 2.9],
                            abduct: [1.2, 1.2],
                            hip: [0.0, 0.0],
                            knee: [0.1, 0.1],
                            elbow: [0.05, 0.05],
                            tumble: target.tumble,
                            ..Pose::standing()
                        };
                        target.abduct = [1.4, 1.4];
                    } else {
                        target.hip = [1.6, 1.6];
                        target.knee = [2.0, 2.0];
                        target.shoulder = [1.2, 1.2];
                    }
                }
            }
            Some((t0, Stage::Turn { from, by, duration })) => {
                // Eased, the feet stepping round: a small alternating knee lift.
                let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
                self.yaw = *from + *by * (u * u * (3.0 - 2.0 * u));
                let step = (u * std::f32::consts::PI * 2.0 * (by.abs() / 1.6).max(1.0).ceil()).sin();
                target = Pose { hip: [0.25 * step.max(0.0), 0.25 * (-step).max(0.0)], knee: [0.5 * step.max(0.0), 0.5 * (-step).max(0.0)], ..Pose::standing() };
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                if t + dt - t0 >= *duration {
                    finished = true;
                }
            }
            Some((t0, Stage::Kick { side, duration })) => {
                // Up in front in the first 40% of the time, back down after; the standing
                // leg braces and the arms counter.
                let u = ((t - t0) / *duration).clamp(0.0, 1.0) as f32;
                let lift = if u < 0.4 { (u / 0.4).powf(0.7) } else { ((1.0 - u) / 0.6).powi(2) };
                target = Pose::standing();
                target.hip[*side] = 1.5 * lift;
                target.knee[*side] = 0.9 * (1.0 - lift) * (lift * 4.0).min(1.0);
                target.knee[1 - *side] = 0.15 * lift;
                target.lean = -0.15 * lift;
                target.shoulder[1 - *side] = 0.9 * lift;
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                if t - t0 >= *duration {
                    finished = true;
                }
            }
            Some((t0, Stage::RaiseArms { duration })) => {
                target = Pose { shoulder: [2.95, 2.95], abduct: [0.35, 0.35], elbow: [0.08, 0.08], ..Pose::standing() };
                body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
                if t - t0 >= *duration {
                    finished = true;
                }
            }
            Some((_, Stage::JumpLanding { landed_at })) => {
                if let Some(f) = self.flip.take() {
                    // Upright on its feet, facing where the turn left it.
                    self.yaw = f.yaw0 + f.turns.yaw;
                }
                target = landing_absorb(body, ((t - *landed_at) / LANDING_SECS) as f32, dt);
                if t - *landed_at >= LANDING_SECS {
                    finished = true;
                }
            }
            Some((t0, Stage::Land { landed_at, duration })) => match landed_at {
                Some(la) => {
                    target = landing_absorb(body, ((t - *la) / *duration) as f32, dt);
                    finished = t - *la >= *duration;
                }
                None => {
                    // Falling: knees bent, arms out for balance; nothing touches the velocity.
                    target = Pose { hip: [0.35, 0.25], knee: [0.6, 0.5], shoulder: [0.9, 0.9], abduct: [0.7, 0.7], elbow: [0.3, 0.3], ..Pose::standing() };
                    if t - t0 > 10.0 {
                        story.notes.push(format!("`{}` waited 10s to land and never met a surface", actor.name));
                        finished = true;
                    }
                }
            },
            Some((t0, Stage::Stop { v0, duration })) => {
                let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
                let vel = *v0 * (1.0 - u);
                body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
                target = gait_pose(&mut self.gait_phase, ir::Gait::Walk, vel.length(), h, dt);
                planted = vel.length() > 1e-3;
                finished = u >= 1.0;
            }
            Some((t0, Stage::Balance { side, duration })) => {
                // On one leg, the other knee up, arms out, swaying a little over the foot.
                let el = (t - t0) as f32;
                let up = (el / 0.4).min(1.0).min(((*duration as f32 - el) / 0.4).max(0.0));
                let mut b = Pose { shoulder: [0.15, 0.15], abduct: [1.45, 1.45], elbow: [0.1, 0.1], lean: 0.04 * (el * 2.1).sin(), ..Pose::standing() };
                b.hip[1 - *side] = 1.1;
                b.knee[1 - *side] = 1.7;
                target = Pose::standing().lerp(&b, up);
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                finished = t - t0 >= *duration;
            }
            Some((t0, Stage::Climb { from, edge, top, duration })) => {
                // Kinematic along the path: up beside the edge (hands on the top, a knee
                // up), then forward onto it.
                let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
                let ease = |x: f32| x * x * (3.0 - 2.0 * x);
                let root = if u < 0.6 { from.lerp(*edge, ease(u / 0.6)) } else { edge.lerp(*top, ease((u - 0.6) / 0.4)) };
                let dir = Vec2::new(top.x - from.x, top.z - from.z);
                if dir.length() > 1e-4 {
                    self.yaw = (-dir.y).atan2(dir.x);
                }
                let reach = if u < 0.6 { (u / 0.6 * std::f32::consts::PI).sin() } else { 0.0 };
                let knee = if u < 0.75 { (u / 0.75 * std::f32::consts::PI).sin() } else { 0.0 };
                target = Pose {
                    lean: 0.5 * reach,
                    shoulder: [2.2 - 1.6 * (u / 0.6).min(1.0), 2.2 - 1.6 * (u / 0.6).min(1.0)],
                    elbow: [0.5 * reach, 0.5 * reach],
                    hip: [1.7 * knee, 0.3 * knee],
                    knee: [2.0 * knee, 0.5 * knee],
                    ..Pose::standing()
                };
                next_root = Some(root);
                if u >= 1.0 {
                    finished = true;
                }
            }
            Some((t0, Stage::Sit { from, seat, yaw, seated, ankles, stand_at, duration })) => {
                let ease = |x: f64| (x * x * (3.0 - 2.0 * x)) as f32;
                let down = ease(((t + dt - t0) / *duration).min(1.0));
                let b = match stand_at {
                    Some(sa) if t + dt >= *sa => 1.0 - ease(((t + dt - *sa) / *duration).min(1.0)),
                    _ => down,
                };
                // Lower the hips over the feet first, then back onto the seat.
                let lower = from.lerp(Vec3::new(from.x, seat.y, from.z), b);
                let root = lower.lerp(*seat, (b * b).min(1.0));
                self.yaw = yaw.0 + (yaw.1 - yaw.0) * (b * 2.0).min(1.0);
                target = Pose::standing().lerp(seated, b);
                let ankle = ankles.0.lerp(ankles.1, b);
                let rel = ankle - root;
                let fwd = rel.x * self.yaw.cos() - rel.z * self.yaw.sin();
                let (hip, knee) = humanoid::leg_ik(fwd / h, rel.y / h);
                (target.hip, target.knee) = ([hip; 2], [knee; 2]);
                exact = true;
                next_root = Some(root);
                if stand_at.is_some_and(|sa| t + dt >= sa + *duration) {
                    finished = true;
                }
            }
            Some((t0, Stage::Push { prop, by, duration, pushing_since })) => {
                // Walk up to it, then on at the pushing speed; the hands' collider moves it.
                let Some(q) = focus else { unreachable!("push of a static prop") };
                let to = Vec2::new(q.x - p.x, q.z - p.z);
                let dir = to.normalize_or_zero();
                if dir != Vec2::ZERO && pushing_since.is_none() {
                    self.yaw = (-dir.y).atan2(dir.x);
                }
                let facing = Vec2::new(self.yaw.cos(), -self.yaw.sin());
                let speed = if pushing_since.is_some() { *by / *duration as f32 } else { 0.75 * h };
                let vel = facing * speed;
                body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
                target = gait_pose(&mut self.gait_phase, ir::Gait::Walk, speed, h, dt);
                target.lean = 0.25;
                target.shoulder = [1.3, 1.3];
                target.elbow = [0.45, 0.45];
                target.abduct = [0.05, 0.05];
                planted = true;
                match pushing_since {
                    Some(ps) => finished = t + dt - *ps >= *duration,
                    None if t - t0 > 15.0 => {
                        story.notes.push(format!("`{}` never reached `{}` to push it", actor.name, scene.props[*prop].name));
                        finished = true;
                    }
                    None => {}
                }
            }
            Some((t0, Stage::Throw { prop, duration, pickup: from, released, .. })) => {
                let u = ((t + dt - t0) / *duration) as f32;
                let ease = |x: f32| {
                    let x = x.clamp(0.0, 1.0);
                    x * x * (3.0 - 2.0 * x)
                };
                let aim_at = aim_at.unwrap_or_default();
                let dir = Vec2::new(aim_at.x - p.x, aim_at.z - p.z);
                if dir.length() > 1e-4 && u < 0.5 {
                    // Turn to face the aim over the wind-up.
                    let want = (-dir.y).atan2(dir.x);
                    let d = (want - self.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
                    self.yaw += d * ease(u / 0.3).max(0.2).min(1.0) * 0.25;
                }
                // Overhand: wind up behind the head, whip forward, follow through.
                let (sh, el) = if u < 0.55 {
                    let k = ease(u / 0.55);
                    (2.7 * k, 1.7 * k)
                } else if u < 0.7 {
                    let k = (u - 0.55) / 0.15;
                    (2.7 - 1.5 * k, 1.7 - 1.55 * k)
                } else {
                    let k = ease((u - 0.7) / 0.3);
                    (1.2 - 0.8 * k, 0.15)
                };
                target = Pose::standing();
                target.shoulder[RIGHT] = sh;
                target.elbow[RIGHT] = el;
                target.abduct[RIGHT] = 0.25;
                target.shoulder[LEFT] = 1.2 * ease(u / 0.5) * (1.0 - ease((u - 0.6) / 0.4));
                target.lean = if u < 0.55 { -0.15 * ease(u / 0.55) } else { -0.15 + 0.45 * ease((u - 0.55) / 0.3) };
                exact = true;
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                if let (Some(f), true) = (*from, u < 0.3) {
                    pickup = Some((f, ease(u / 0.3)));
                }
                if u >= 0.62 && !*released {
                    *released = true;
                    release = Some((*prop, aim_at));
                }
                finished = u >= 1.0;
            }
            Some((_, Stage::Catch { prop, until })) => {
                // Face the prop and reach for it with the right hand.
                let Some(q) = focus else { unreachable!("catch of a static prop") };
                let to = q - (Vec3::new(p.x, p.y, p.z) + self.root_offset + Vec3::Y * 0.28 * h);
                let flat = Vec2::new(to.x, to.z);
                if flat.length() > 0.05 * h {
                    let want = (-flat.y).atan2(flat.x);
                    let d = (want - self.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
                    self.yaw += d.clamp(-6.0 * dt as f32, 6.0 * dt as f32);
                }
                target = Pose::standing();
                target.shoulder[RIGHT] = flat.length().atan2(-to.y).clamp(0.3, 3.0);
                target.elbow[RIGHT] = 0.25;
                target.shoulder[LEFT] = target.shoulder[RIGHT] * 0.7;
                target.elbow[LEFT] = 0.6;
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                let r = prop_radius(&scene.props[*prop]);
                let chest = Vec3::new(p.x, p.y, p.z) + self.root_offset + Vec3::Y * 0.2 * h;
                if hand_now.is_some_and(|hand| q.distance(hand) < r + 0.15 * h) || q.distance(chest) < r + 0.2 * h {
                    caught = Some(*prop);
                    finished = true;
                } else if t >= *until {
                    story.notes.push(format!("`{}` never came within `{}`'s reach to be caught", scene.props[*prop].name, actor.name));
                    finished = true;
                }
            }
            Some((t0, Stage::Swing { side, dir, duration })) => {
                let u = ((t - t0) / *duration) as f32;
                target = Pose::standing();
                let (a, e) = swing_arm(*dir, u);
                target.shoulder[*side] = a;
                target.elbow[*side] = e;
                body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
                if t - t0 >= *duration {
                    finished = true;
                }
            }
            Some((t0, Stage::Wave { side, duration })) => {
                target = Pose::standing();
                (target.shoulder[*side], target.abduct[*side], target.elbow[*side]) = wave_arm((t - t0) as f32, *duration as f32);
                body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
                if t - t0 >= *duration {
                    finished = true;
                }
            }
            Some((_, Stage::Idle { until })) => {
                body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
                if until.is_some_and(|u| t >= u) {
                    finished = true;
                }
            }
            None => {
                body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
            }
        }
        // Climbing and sitting move the body kinematically; anything else lets physics
        // carry it again, from rest.
        match next_root {
            Some(r) => {
                if body.body_type() != RigidBodyType::KinematicPositionBased {
                    body.set_body_type(RigidBodyType::KinematicPositionBased, true);
                }
                body.set_next_kinematic_translation(Vector::new(r.x, r.y, r.z));
            }
            None if body.body_type() == RigidBodyType::KinematicPositionBased => {
                body.set_body_type(RigidBodyType::Dynamic, true);
                body.set_linvel(Vector::new(0.0, 0.0, 0.0), true);
            }
            None => {}
        }
        let next = match next_root {
            Some(r) => r,
            None => {
                let (q, w) = (body.translation(), body.linvel());
                Vec3::new(q.x + w.x * dt as f32, q.y + w.y * dt as f32, q.z + w.z * dt as f32)
            }
        };
        let pushing = matches!(self.running.as_ref().map(|r| &r.stage), Some(Stage::Push { .. })) && !finished;
        if let Some(r) = self.running.as_ref() {
            let item = &self.items[r.item];
            if caught.is_some() {
                Self::emit(story, item, Event::Contact, t);
            }
            if release.is_some() {
                Self::emit(story, item, Event::Release, t + dt);
            }
        }
        if finished {
            self.end_running(story, t + dt);
        }
        // Smooth towards the target pose, then apply overlays exactly.
        let k = 1.0 - (-(dt as f32) / 0.045).exp();
        self.pose = self.pose.lerp(&target, k);
        self.pose.tumble = target.tumble;
        if planted {
            (self.pose.hip, self.pose.knee, self.pose.drop) = (target.hip, target.knee, target.drop);
        }
        if exact {
            self.pose = target;
        }
        for o in self.overlays.iter().filter(|o| t - o.t0 > o.duration) {
            Self::emit(story, &self.items[o.item], Event::End, o.t0 + o.duration);
        }
        self.overlays.retain(|o| t - o.t0 <= o.duration);
        for o in &self.overlays {
            match o.dir {
                Some(dir) => {
                    let (a, e) = swing_arm(dir, ((t - o.t0) / o.duration) as f32);
                    self.pose.shoulder[o.side] = a;
                    self.pose.elbow[o.side] = e;
                }
                None => (self.pose.shoulder[o.side], self.pose.abduct[o.side], self.pose.elbow[o.side]) = wave_arm((t - o.t0) as f32, o.duration as f32),
            }
        }
        // Where the hands will be after this step: the pushing collider, and what is held.
        if caught.is_some() {
            self.holding = caught;
        }
        if !pushing && self.holding.is_none() {
            world.colliders[self.hands].set_enabled(false);
            return;
        }
        let hands = hand_at(actor, next + self.root_offset, self.yaw, &self.pose);
        let hc = &mut world.colliders[self.hands];
        hc.set_enabled(pushing);
        if pushing {
            let mid = (hands.0 + hands.1) * 0.5 + Vec3::new(self.yaw.cos(), 0.0, -self.yaw.sin()) * 0.02 * h;
            let rel = mid - next;
            hc.set_translation_wrt_parent(Vector::new(rel.x, rel.y, rel.z));
            hc.set_rotation_wrt_parent(Vector::new(0.0, self.yaw, 0.0));
        }
        if let Some(pi) = self.holding {
            if let Some((b, c)) = props[pi] {
                let r = prop_radius(&scene.props[pi]);
                let grip = hands.1 + hands.2 * (0.8 * r);
                let at = match pickup {
                    Some((from, k)) => from.lerp(grip, k),
                    None => grip,
                };
                world.colliders[c].set_sensor(true);
                let pb = &mut world.bodies[b];
                if pb.body_type() != RigidBodyType::KinematicPositionBased {
                    pb.set_body_type(RigidBodyType::KinematicPositionBased, true);
                }
                match release {
                    Some((_, aim)) => {
                        // Let go with the speed a ballistic flight to the aim needs: a
                        // flight time that grows with the distance, v = d/T + g·T/2 up.
                        let g = scene.world.gravity_mps2;
                        let d = aim - at;
                        let flight = 0.3 + Vec2::new(d.x, d.z).length() / 10.0;
                        let vel = d / flight + Vec3::Y * (0.5 * g * flight);
                        pb.set_body_type(RigidBodyType::Dynamic, true);
                        pb.set_translation(Vector::new(at.x, at.y, at.z), true);
                        pb.set_linvel(Vector::new(vel.x, vel.y, vel.z), true);
                        pb.set_angvel(Vector::new(0.0, 0.0, 0.0), true);
                        self.holding = None;
                        self.released = Some((pi, t + 0.12));
                    }
                    None => pb.set_next_kinematic_translation(Vector::new(at.x, at.y, at.z)),
                }
            }
        }
    }
}

/// Legs and arms for moving at `speed` with `gait`: one gait cycle per stride travelled,
/// so the planted foot keeps still.
fn gait_pose(phase: &mut f32, gait: ir::Gait, speed: f32, h: f32, dt: f64) -> Pose {
    {
        let (amp, lean) = match gait {
            ir::Gait::Walk => (0.45, 0.05),
            ir::Gait::Run => (0.8, 0.18),
            ir::Gait::Sprint => (1.0, 0.3),
        };
        *phase = (*phase + std::f32::consts::TAU * speed * dt as f32 / (humanoid::STRIDE * h)).rem_euclid(std::f32::consts::TAU);
        let ramp = (speed / (1.2 * h)).min(1.0);
        let mut target = run_pose(*phase, amp * ramp, lean * ramp);
        target.drop = humanoid::GAIT_DROP;
        (target.hip, target.knee) = humanoid::planted_legs(*phase, target.drop);
        target
    }
}

impl ActorSim {
    /// After a physics step: find events in what the physics did.
    fn observe(&mut self, world: &PhysicsWorld, story: &mut Story, props: &PropBodies, t: f64, dt: f64) {
        let Some(r) = self.running.as_mut() else { return };
        let item = &self.items[r.item];
        let body = &world.bodies[self.body];
        let vy = body.linvel().y;
        match &mut r.stage {
            Stage::JumpLaunched { launched_at } => {
                if !in_contact(world, self.collider) {
                    // First step found off the ground.
                    Self::emit(story, item, Event::Takeoff, *launched_at);
                    r.stage = Stage::JumpFlight { prev_vy: vy };
                } else if t - *launched_at > 0.5 {
                    story.notes.push("a jump never left the ground".into());
                    r.stage = Stage::JumpLanding { landed_at: t };
                }
            }
            Stage::Land { landed_at: landed_at @ None, .. } => {
                if vy <= 0.05 && in_contact(world, self.collider) {
                    Self::emit(story, item, Event::Landing, t);
                    *landed_at = Some(t);
                }
            }
            Stage::Push { prop, duration, pushing_since: since @ None, .. } => {
                if let Some((_, c)) = props[*prop] {
                    let touch = touching(world, c);
                    if touch.contains(&self.hands) || touch.contains(&self.collider) {
                        Self::emit(story, item, Event::Contact, t);
                        if let Some(b) = &item.binding {
                            story.phase_secs.insert((b.clone(), Event::Contact), *duration);
                        }
                        *since = Some(t);
                    }
                }
            }
            Stage::JumpFlight { prev_vy } => {
                if *prev_vy > 0.0 && vy <= 0.0 {
                    // Vertical velocity crossed zero during this step: interpolate the instant.
                    let f = (*prev_vy / (*prev_vy - vy)) as f64;
                    Self::emit(story, item, Event::Apex, t - dt + f * dt);
                }
                *prev_vy = vy;
                if vy <= 0.0 && in_contact(world, self.collider) {
                    Self::emit(story, item, Event::Apex, t);
                    Self::emit(story, item, Event::Landing, t);
                    r.stage = Stage::JumpLanding { landed_at: t };
                }
            }
            _ => {}
        }
    }
}

/// A prop track's controller: each `animate` holds the body kinematic on its eased line;
/// between and after them the body is dynamic again, let go with the speed it had.
struct PropCtl {
    ball: usize,
    items: Vec<ir::PropItem>,
    next: usize,
    /// (item, start time, from).
    running: Option<(usize, f64, Vec3)>,
}

impl PropCtl {
    fn finished(&self) -> bool {
        self.running.is_none() && self.next >= self.items.len()
    }

    fn at(item: &ir::PropItem, from: Vec3, t0: f64, t: f64) -> Vec3 {
        let u = ((t - t0) / item.duration_secs.max(1e-6) as f64).clamp(0.0, 1.0);
        from.lerp(Vec3::from(item.to_m), item.ease.apply(u) as f32)
    }

    fn control(&mut self, h: RigidBodyHandle, world: &mut PhysicsWorld, story: &mut Story, t: f64, dt: f64) {
        if self.running.is_none() {
            let Some(item) = self.items.get(self.next) else { return };
            let ready = match &item.start {
                Start::At(e) | Start::After(e) => story.event(e).is_some_and(|te| t >= te),
                _ => true,
            };
            if !ready {
                return;
            }
            let body = &mut world.bodies[h];
            let p = body.translation();
            body.set_body_type(RigidBodyType::KinematicPositionBased, true);
            body.set_linvel(Vector::new(0.0, 0.0, 0.0), true);
            body.set_angvel(Vector::new(0.0, 0.0, 0.0), true);
            if let Some(b) = &item.binding {
                story.events.entry((b.clone(), Event::Start)).or_insert(t);
            }
            self.running = Some((self.next, t, Vec3::new(p.x, p.y, p.z)));
        }
        let Some((k, t0, from)) = self.running else { return };
        let item = &self.items[k];
        let to = Self::at(item, from, t0, t + dt);
        world.bodies[h].set_next_kinematic_translation(Vector::new(to.x, to.y, to.z));
        if t + dt - t0 >= item.duration_secs as f64 - 1e-9 {
            if let Some(b) = &item.binding {
                story.events.entry((b.clone(), Event::End)).or_insert(t + dt);
            }
            self.running = None;
            self.next += 1;
            // Let go unless the next move follows at once: physics carries on with the
            // velocity of the last step.
            let follows = self.items.get(self.next).is_some_and(|n| matches!(n.start, Start::Sequential));
            if !follows {
                let v = (to - Self::at(item, from, t0, t)) / dt as f32;
                let body = &mut world.bodies[h];
                body.set_body_type(RigidBodyType::Dynamic, true);
                body.set_linvel(Vector::new(v.x, v.y, v.z), true);
            }
        }
    }
}

/// How far a hand reaches for something to pick up or throw, in heights.
const REACH: f32 = 0.6;

/// Both hands' centres and the right hand's "down" (the way the fingers point), in world
/// space, for a figure posed `pose` with its drawn root at `root`.
fn hand_at(actor: &ir::Actor, root: Vec3, yaw: f32, pose: &Pose) -> (Vec3, Vec3, Vec3) {
    let mut nodes = Vec::with_capacity(32);
    humanoid::pose_nodes(actor, root, yaw, pose, &mut nodes);
    let at = |p: ir::Part| &nodes[humanoid::part_node_index(p)];
    let (l, r) = (at(ir::Part::LeftHand), at(ir::Part::RightHand));
    let down = Quat::from_array(r.rotation) * -Vec3::Y;
    (Vec3::from(l.translation), Vec3::from(r.translation), down)
}

fn prop_pos(world: &PhysicsWorld, props: &PropBodies, pi: usize) -> Option<Vec3> {
    props[pi].map(|(b, _)| {
        let q = world.bodies[b].translation();
        Vec3::new(q.x, q.y, q.z)
    })
}

/// About how far a small prop's surface is from its centre.
fn prop_radius(p: &ir::Prop) -> f32 {
    match p.kind {
        ir::PropKind::Ball { radius_m, .. } => radius_m,
        ir::PropKind::Cup { radius_m, height_m, .. } => radius_m.max(height_m / 2.0),
        ir::PropKind::Block { size_m, .. } => size_m[0].min(size_m[1]).min(size_m[2]) / 2.0,
        _ => 0.1,
    }
}

/// A top to stand or sit on: its centre (at the top's height), half extents and turn.
fn top_of(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, pi: usize) -> Option<(Vec3, [f32; 2], f32)> {
    let p = &scene.props[pi];
    let half = p.top_half_extents()?;
    let yaw = match p.kind {
        ir::PropKind::Block { yaw_rad, .. } => yaw_rad,
        _ => 0.0,
    };
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
fn to_local(c: Vec3, yaw: f32, q: Vec3) -> Vec2 {
    let d = Vec2::new(q.x - c.x, q.z - c.z);
    let (s, co) = (-yaw).sin_cos();
    // Turning about +y by `yaw` maps (x, z) to (x cos + z sin, -x sin + z cos).
    Vec2::new(d.x * co + d.y * s, -d.x * s + d.y * co)
}

fn to_world(c: Vec3, yaw: f32, l: Vec2, y: f32) -> Vec3 {
    let (s, co) = yaw.sin_cos();
    Vec3::new(c.x + l.x * co + l.y * s, y, c.z - l.x * s + l.y * co)
}

/// A prop's top seen from a figure at `root` that means to `verb` it: the top (centre,
/// half extents, turn), the figure in the top's frame, and the nearest point of the top's
/// outline to it; an error when it has no top or is beyond reach.
fn top_in_reach(
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
    let (c, half, yaw) = top_of(scene, world, props, pi).ok_or_else(|| format!("`{name}` has no top to {verb}"))?;
    let half = Vec2::from(half);
    let local = to_local(c, yaw, root);
    let nearest = local.clamp(-half, half);
    let gap = local.distance(nearest);
    if gap > REACH * h + humanoid::BODY_RADIUS * h {
        return Err(format!("`{}` is {gap:.2}m from `{name}`, too far to {verb} it: walk up to it first", actor.name));
    }
    Ok((c, half, yaw, local, nearest))
}

/// A climb's path: the root beside the edge raised above the top, and on the top.
fn climb_path(scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, pi: usize, actor: &ir::Actor, root: Vec3) -> Result<(Vec3, Vec3), String> {
    let h = actor.height_m;
    let (c, half, yaw, local, nearest) = top_in_reach(scene, world, props, pi, actor, root, "climb onto")?;
    let rise = c.y - (root.y - humanoid::HIP_HEIGHT * h);
    if rise > 0.9 * h {
        let name = &scene.props[pi].name;
        return Err(format!("`{name}`'s top is {rise:.2}m above `{}`'s feet: too high to climb (at most 0.9 of its height)", actor.name));
    }
    let r = humanoid::BODY_RADIUS * h;
    let inset = Vec2::new((1.3 * r).min(half.x), (1.3 * r).min(half.y));
    let on = local.clamp(-(half - inset), half - inset);
    let out = (local - nearest).normalize_or_zero();
    let beside = nearest + out * r;
    let stand = humanoid::HIP_HEIGHT * h + 0.002 * h;
    Ok((to_world(c, yaw, beside, c.y + stand + 0.06 * h), to_world(c, yaw, on, c.y + stand)))
}

/// Where the root goes to sit, the heading, and the seated pose: on a chair's seat facing
/// away from its back, on a table's or box's edge facing out, or on the floor.
#[allow(clippy::type_complexity)]
fn sit_place(
    scene: &ir::Scene,
    world: &PhysicsWorld,
    props: &PropBodies,
    prop: Option<usize>,
    actor: &ir::Actor,
    root: Vec3,
    yaw: f32,
) -> Result<(Vec3, f32, Pose, Vec3), String> {
    let h = actor.height_m;
    let feet = root.y - (humanoid::HIP_HEIGHT + 0.002) * h;
    let ankle_y = feet + humanoid::SOLE_BELOW_ANKLE * h;
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
    Ok((seat, heading, Pose { lean: 0.05, ..arms }, ahead(seat, heading, (humanoid::THIGH + 0.03) * h)))
}

/// The crouch that absorbs a landing, `u` of the way through it; the feet's friction brings
/// the body to rest.
fn landing_absorb(body: &mut rapier3d::prelude::RigidBody, u: f32, dt: f64) -> Pose {
    let absorb = (u * std::f32::consts::PI).sin().max(0.0) * (1.0 - u).max(0.0).sqrt();
    let v = body.linvel();
    let k = (1.0 - (-dt as f32 / 0.05).exp()).min(1.0);
    body.set_linvel(Vector::new(v.x * (1.0 - k), v.y, v.z * (1.0 - k)), true);
    Pose { drop: 0.32 * absorb, lean: 0.4 * absorb, shoulder: [0.3, 0.3], elbow: [0.4, 0.4], ..Pose::standing() }
}

/// An arm motion as an overlay, or `None` for a motion that moves the body.
fn overlay_of(m: &Motion, item: usize, t0: f64, group: bool) -> Option<Overlay> {
    match *m {
        Motion::Swing { side, direction, duration_secs } => {
            Some(Overlay { side: side_index(side), dir: Some(direction), t0, duration: duration_secs as f64, item, group })
        }
        Motion::Wave { side, duration_secs } => Some(Overlay { side: side_index(side), dir: None, t0, duration: duration_secs as f64, item, group }),
        Motion::Point { side, duration_secs } => {
            Some(Overlay { side: side_index(side), dir: Some(ir::SwingDirection::Forward), t0, duration: duration_secs as f64, item, group })
        }
        _ => None,
    }
}

/// A wave `u` seconds into one of `duration`: the arm up and out, the forearm rocking side
/// to side twice a second. Returns (shoulder, abduction, elbow).
fn wave_arm(u: f32, duration: f32) -> (f32, f32, f32) {
    let raise = (u / 0.25).min(1.0).min(((duration - u) / 0.25).max(0.0));
    (2.7 * raise, 0.08 + 0.45 * raise, (0.35 + 0.45 * (u * std::f32::consts::TAU * 2.0).sin()) * raise)
}

fn side_index(s: ir::Side) -> usize {
    match s {
        ir::Side::Left => LEFT,
        ir::Side::Right => RIGHT,
    }
}

/// One frame of a run cycle at phase `ph`, amplitude `amp` (0..1).
fn run_pose(ph: f32, amp: f32, lean: f32) -> Pose {
    let s = ph.sin();
    let knee = |p: f32| 0.25 + 1.3 * (0.5 + 0.5 * (p + 1.2).sin()).powi(2);
    Pose {
        lean,
        head_pitch: -lean * 0.6,
        hip: [0.75 * amp * s, -0.75 * amp * s],
        knee: [amp * knee(ph), amp * knee(ph + std::f32::consts::PI)],
        shoulder: [-0.9 * amp * s, 0.9 * amp * s],
        abduct: [0.12, 0.12],
        elbow: [0.2 + 1.2 * amp, 0.2 + 1.2 * amp],
        drop: 0.05 * amp * (0.5 + 0.5 * (2.0 * ph).cos()),
        tumble: [0.0, 0.0],
    }
}

/// Shoulder pitch and elbow for a swing at fraction `u`.
fn swing_arm(dir: ir::SwingDirection, u: f32) -> (f32, f32) {
    let u = u.clamp(0.0, 1.0);
    let e = 1.0 - (1.0 - u).powi(3);
    let (from, to) = match dir {
        ir::SwingDirection::Down => (2.9, -0.35),
        ir::SwingDirection::Up => (-0.2, 2.9),
        ir::SwingDirection::Forward => (-0.6, 1.5),
    };
    (from + (to - from) * e, 0.1)
}

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
    // Each prop's glTF model, loaded once per file, into the bake.
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
    let floor_color = scene.world.floor_color;
    nodes.push(NodeDesc { name: "floor".into(), shape: Shape::Box, color: floor_color, surface: Surface::Floor });
    for (pi, p) in scene.props.iter().enumerate() {
        if let (Some(m), false) = (model_of[pi], p.is_dynamic()) {
            nodes.push(NodeDesc { name: p.name.clone(), shape: Shape::Model(m), color: p.color, surface: surface_of(p, Surface::Matte) });
            continue;
        }
        let n = prop_boxes(p).len();
        for k in 0..n {
            let name = match (&p.kind, k) {
                (ir::PropKind::Block { .. }, _) => p.name.clone(),
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
    for a in &scene.actors {
        let first = nodes.len();
        humanoid::node_descs(a, &mut nodes);
        // A segmented figure: each part its model names is drawn with that part's mesh.
        let Some(written) = &a.model else { continue };
        let Some(folder) = &scene.folder else {
            notes.push(format!("`{}`'s model `{written}` was not read: the scene has no folder", a.name));
            continue;
        };
        match reel_model::load_parts(folder, written, humanoid::PARTS) {
            Ok(parts) => {
                for (name, mesh) in parts {
                    if let Some(k) = humanoid::PARTS.iter().position(|p| *p == name) {
                        models.push(mesh);
                        nodes[first + k].shape = Shape::Model(models.len() as u32 - 1);
                    }
                }
            }
            Err(e) => notes.push(format!("`{}` is drawn with its own shapes: {e}", a.name)),
        }
    }
    // Every target the cameras use, for the per-frame screen positions in the bake.
    let mut targets: Vec<(String, ir::Target)> = Vec::new();
    for tr in &scene.camera_tracks {
        for item in &tr.items {
            let shots: Vec<&ir::Shot> = match &item.action {
                ir::CameraAction::Shot(s) => vec![s],
                ir::CameraAction::Freeze { shots, .. } => shots.iter().collect(),
                ir::CameraAction::Slowmo { .. } | ir::CameraAction::Cut { .. } => Vec::new(),
            };
            for s in shots {
                let ts: Vec<&ir::Target> = match s {
                    ir::Shot::Frame { target, .. } | ir::Shot::Follow { target, .. } | ir::Shot::Orbit { target, .. } => vec![target],
                    ir::Shot::Pair { target, other, .. } => vec![target, other],
                    ir::Shot::Move { target, .. } => target.iter().collect(),
                };
                for t in ts {
                    let name = target_name(scene, t);
                    if !targets.iter().any(|(n, _)| *n == name) {
                        targets.push((name, t.clone()));
                    }
                }
            }
        }
    }
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
                xf.push(Xform { translation: c.into(), rotation: Quat::from_rotation_y(yaw).to_array(), scale: size.into() });
                continue;
            }
            for (c, h, yaw) in prop_boxes(p) {
                xf.push(Xform { translation: c.into(), rotation: Quat::from_rotation_y(yaw).to_array(), scale: (h * 2.0).into() });
            }
        }
        for &pi in &ball_props {
            let p = &scene.props[pi];
            let scale = dynamic_scale(p);
            let (c, q) = story.sample_prop(pi, t).unwrap_or((Vec3::from(p.position_m), Quat::IDENTITY));
            xf.push(Xform { translation: c.into(), rotation: q.to_array(), scale });
            if let (ir::PropKind::Ball { radius_m, .. }, None) = (&p.kind, model_of[pi]) {
                xf.push(Xform { translation: c.into(), rotation: q.to_array(), scale: [2.02 * radius_m, 0.35 * radius_m, 2.02 * radius_m] });
            }
            let r = Vec3::splat(scale.iter().copied().fold(0.0, f32::max) * 2.0);
            lo = lo.min(c - r);
            hi = hi.max(c + r);
        }
        for (ai, a) in scene.actors.iter().enumerate() {
            let s = story.sample(ai, t);
            humanoid::pose_nodes(a, s.root, s.yaw, &s.pose, &mut xf);
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
        frames.push(Frame { screen_time: screen, story_time: t, nodes: xf, camera, targets: views });
    }
    if !lo.is_finite() {
        lo = Vec3::splat(-1.0);
        hi = Vec3::splat(1.0);
    }
    let mut events: Vec<BakedEvent> = story
        .events
        .iter()
        .map(|((b, e), t)| BakedEvent { name: format!("{b}.{}", event_name(*e)), story_time: *t, screen_time: clock.screen_of(*t) })
        .collect();
    events.sort_by(|a, b| a.story_time.total_cmp(&b.story_time).then(a.name.cmp(&b.name)));
    notes.sort();
    notes.dedup();
    Bake {
        version: BAKE_VERSION,
        title: scene.title.clone(),
        resolution: scene.resolution,
        fps: scene.fps,
        models,
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
        },
        nodes,
        frames,
        events,
        notes,
    }
}

fn target_name(scene: &ir::Scene, t: &ir::Target) -> String {
    let base = match t.entity {
        ir::Entity::Actor(i) => scene.actors[i].name.clone(),
        ir::Entity::Prop(i) => scene.props[i].name.clone(),
    };
    match t.part {
        Some(p) => format!("{base}.{}", serde_json::to_value(p).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()),
        None => base,
    }
}

/// World position of an actor's target point (its centre or a part) at story time `t`.
fn target_point(scene: &ir::Scene, story: &Story, target: &ir::Target, t: f64) -> (Vec3, f32, f32) {
    let ai = match target.entity {
        ir::Entity::Actor(ai) => ai,
        ir::Entity::Prop(pi) => {
            let p = &scene.props[pi];
            return match p.kind {
                ir::PropKind::Table { size_m } => (Vec3::from(p.position_m) + Vec3::Y * size_m[1], size_m[0].max(size_m[2]), 0.0),
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
