//! A figure's controller: the stage its running motion is in, overlays (`during`), and
//! each step's drive of the body (velocities, impulses, kinematic paths) and target pose.

use super::*;
use crate::goals::*;
use crate::motions::*;

pub(crate) enum Stage {
    /// `flying`: it starts at speed (out of a running landing), at an even pace throughout.
    Loco {
        path: crate::motions::Path,
        duration: f64,
        gait: ir::Gait,
        flying: bool,
    },
    JumpPrep {
        up: f32,
        forward: f32,
        turns: ir::Turns,
        /// Where on a prop's top a jump `onto` it lands.
        onto: Option<Vec3>,
        /// Keep the horizontal speed it has (a running jump without `forward`).
        carry: bool,
    },
    JumpLaunched {
        launched_at: f64,
    },
    /// A cartwheel over planted hands, carried kinematically (motions/wheel.rs).
    Wheel {
        from: Vec3,
        yaw0: f32,
        forward: f32,
        turns: ir::Turns,
        ground_y: f32,
        off_ground: bool,
        upside_down: bool,
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
    /// With a `ball`: stepping up to it until `swing_from`, then the swing that sends it off.
    Kick {
        side: usize,
        duration: f64,
        ball: Option<(usize, ir::Launch)>,
        swing_from: Option<f64>,
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
    /// Lying down from the hips at `from` to lying with them at `down`; up again at
    /// `stand_at`, or lying to the end.
    Lie {
        from: Vec3,
        down: Vec3,
        stand_at: Option<f64>,
        duration: f64,
        /// A roll along the floor while lying.
        roll: Option<crate::motions::Roll>,
    },
    /// Hips lowered by `drop` (a fraction of the leg), or the torso bent forward by `bow`
    /// (radians), held `hold` between two `ease`s.
    Crouch {
        drop: f32,
        bow: f32,
        hold: f64,
        ease: f64,
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
    /// Putting `prop` down at `spot` (where its centre comes to rest), picked up from
    /// `pickup` if it was not in the hand.
    Put {
        prop: usize,
        spot: Vec3,
        duration: f64,
        pickup: Option<Vec3>,
        done: bool,
    },
    Catch {
        prop: usize,
        until: f64,
    },
    /// `last`: where the prop was a step ago (its velocity, to run where it is going).
    Chase {
        prop: usize,
        until: f64,
        speed: f32,
        last: Option<Vec3>,
    },
}

pub(crate) struct Running {
    pub(crate) item: usize,
    pub(crate) t0: f64,
    pub(crate) stage: Stage,
}

/// An arm motion laid over what the body does: `during` a phase, or `together` with it.
pub(crate) struct Overlay {
    pub(crate) side: usize,
    /// `None`: a wave (or a watch).
    pub(crate) dir: Option<ir::SwingDirection>,
    /// A watch: the head keeps this in view.
    pub(crate) watch: Option<ir::Place>,
    /// A balance on the palm, until its balancer starts: the prop.
    pub(crate) balance: Option<usize>,
    pub(crate) t0: f64,
    pub(crate) duration: f64,
    /// The item, to emit its end.
    pub(crate) item: usize,
    /// Part of a `together` group: the next sequential item waits for it.
    pub(crate) group: bool,
}

pub(crate) struct ActorSim {
    /// The velocity a walk's path asks for at its latest step (what a `stop` slows from).
    pub(crate) path_velocity: Vec2,
    pub(crate) body: RigidBodyHandle,
    pub(crate) collider: ColliderHandle,
    pub(crate) items: Vec<ir::ActorItem>,
    pub(crate) next: usize,
    pub(crate) running: Option<Running>,
    pub(crate) overlays: Vec<Overlay>,
    /// `during` items not yet started.
    pub(crate) pending: Vec<usize>,
    pub(crate) yaw: f32,
    pub(crate) pose: Pose,
    pub(crate) gait_phase: f32,
    pub(crate) root_offset: Vec3,
    /// The flip in the air, if the running jump turns the body.
    pub(crate) flip: Option<Flip>,
    /// A box collider where the hands are, enabled while pushing.
    pub(crate) hands: ColliderHandle,
    /// The prop held in the right hand (caught, or picked up to throw).
    pub(crate) holding: Option<usize>,
    /// A thrown prop and when it stops ignoring contacts (it leaves from inside the reach).
    pub(crate) released: Option<(usize, f64)>,
    /// What the right palm keeps upright.
    pub(crate) balancing: Option<crate::balance::Balancer>,
}

/// The physics handles of the dynamic props, by prop index.
pub(crate) type PropBodies = [Option<(RigidBodyHandle, ColliderHandle)>];

/// A jump's turns in flight, timed by the flight the launch gives.
pub(crate) struct Flip {
    pub(crate) turns: ir::Turns,
    /// The height of what it took off from (where a cartwheel's hands plant).
    pub(crate) ground_y: f32,
    pub(crate) launched_at: f64,
    pub(crate) flight: f64,
    pub(crate) yaw0: f32,
}

/// Fraction of a locomotion's path covered at fraction `u` of its time: a quick
/// acceleration, then constant speed (so a run can flow into a jump).
/// The slope of `loco_progress` at `u`: the speed along the path per path length per
/// duration.
pub(crate) fn loco_slope(u: f64) -> f64 {
    let a = 0.12;
    let vmax = 1.0 / (1.0 - a / 2.0);
    let u = u.clamp(0.0, 1.0);
    if u < a {
        vmax * u / a
    } else {
        vmax
    }
}

pub(crate) fn loco_progress(u: f64) -> f64 {
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
    /// Where a walk to `to` must end when a `stop` follows it (item `k + 1`), so that the
    /// stop, slowing evenly from the walk's speed, comes to rest at `to`: short of it by
    /// what the stop covers, speed × its time / 2.
    /// A walk's, run's or sprint's stage: its path from `from` (through points, round a
    /// centre, or to a thing), its duration (given, or from its speed), and whether it
    /// starts at speed (`moving`, out of a running landing: no ease in).
    #[allow(clippy::too_many_arguments)]
    fn loco_stage(&self, k: usize, m: &Motion, scene: &ir::Scene, world: &PhysicsWorld, props: &PropBodies, story: &Story, from: Vec2, moving: Vec2) -> Stage {
        let Motion::Locomotion { gait, target_m, duration_secs, ref via_m, around, speed_mps, approach } = *m else { unreachable!() };
        let path = match (around, approach) {
            (Some(a), _) => Path::around(from, place_now(scene, world, props, story, a.center), a.radius_m, a.angle_rad),
            (None, Some(a)) => Path::new(vec![from, short_of(scene, world, props, story, a, from)]),
            (None, None) => Path::new(std::iter::once(from).chain(via_m.iter().chain([&target_m]).map(|q| Vec2::from(*q))).collect()),
        };
        // At a speed: the cruising speed (the walk eases in over its first part).
        let duration = speed_mps.map_or(duration_secs, |v| (path.length() * loco_slope(1.0) as f32 / v).max(0.05));
        let cruise = path.length() / duration.max(1e-3);
        let after_jump = k > 0 && matches!(self.items[k - 1].motion, Motion::Jump { .. });
        let flying = moving.length().max(if after_jump { self.path_velocity.length() } else { 0.0 }) > 0.5 * cruise;
        Stage::Loco { path: self.short_of_a_stop(k, path, duration), duration: duration as f64, gait, flying }
    }

    fn short_of_a_stop(&self, k: usize, path: Path, duration_secs: f32) -> Path {
        let Some(ir::ActorItem { start: Start::Sequential, motion: Motion::Stop { duration_secs: stop_secs }, .. }) = self.items.get(k + 1) else {
            return path;
        };
        let len = path.length();
        // The shortened walk arrives at its full speed v = (len - coast) / duration · slope,
        // and the stop then covers coast = v · stop / 2: so coast = k · len / (1 + k).
        let k = loco_slope(1.0) as f32 * stop_secs / (2.0 * duration_secs.max(1e-3));
        let coast = (k * len / (1.0 + k)).min(0.9 * len);
        path.shortened(coast)
    }

    /// The head's turn (to the figure's left) and tilt (down) that keep a thing in view from
    /// a figure whose hips are at `root`, as far as the neck allows.
    #[allow(clippy::too_many_arguments)]
    fn watch_angles(
        &self,
        scene: &ir::Scene,
        world: &PhysicsWorld,
        props: &PropBodies,
        story: &Story,
        actor: &ir::Actor,
        root: Vec3,
        place: ir::Place,
    ) -> (f32, f32) {
        let eyes = head_point(actor, root + self.root_offset);
        let target = look_point(scene, world, props, story, place);
        let d = target - eyes;
        let flat = Vec2::new(d.x, d.z);
        if flat.length() < 1e-3 {
            return (0.0, 0.0);
        }
        let heading = (-flat.y).atan2(flat.x);
        let turn = (heading - self.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        let down = (-d.y).atan2(flat.length());
        (turn.clamp(-crate::skeleton::WATCH_YAW, crate::skeleton::WATCH_YAW), down.clamp(-crate::skeleton::WATCH_PITCH, crate::skeleton::WATCH_PITCH))
    }

    pub(crate) fn finished(&self) -> bool {
        let open_idle = matches!(
            self.running,
            Some(Running { stage: Stage::Idle { until: None }, .. })
                | Some(Running { stage: Stage::Sit { stand_at: None, .. }, .. })
                | Some(Running { stage: Stage::Lie { stand_at: None, .. }, .. })
        );
        let nothing = self.running.is_none() && self.next_sequential().is_none();
        (open_idle || nothing) && self.overlays.is_empty()
    }

    pub(crate) fn next_sequential(&self) -> Option<usize> {
        (self.next..self.items.len()).find(|&k| !matches!(self.items[k].start, Start::During(_) | Start::Together))
    }

    pub(crate) fn emit(story: &mut Story, item: &ir::ActorItem, e: Event, t: f64) {
        if let Some(b) = &item.binding {
            story.events.entry((b.clone(), e)).or_insert(t);
        }
    }

    pub(crate) fn end_running(&mut self, story: &mut Story, t: f64) {
        if let Some(r) = self.running.take() {
            Self::emit(story, &self.items[r.item], Event::End, t);
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start_item(&mut self, k: usize, scene: &ir::Scene, index: usize, world: &PhysicsWorld, props: &PropBodies, story: &mut Story, t: f64) {
        // A `together` group: the items after `k` marked `Together` start now as well. The
        // one that moves the body runs as the main motion, the arm motions as overlays.
        let mut group = vec![k];
        group.extend((k + 1..self.items.len()).take_while(|&j| matches!(self.items[j].start, Start::Together)));
        let last = *group.last().unwrap_or(&k);
        let main = group
            .iter()
            .copied()
            .find(|&j| {
                !matches!(
                    self.items[j].motion,
                    Motion::Swing { .. } | Motion::Wave { .. } | Motion::Point { .. } | Motion::Watch { .. } | Motion::BalanceOnPalm { .. }
                )
            })
            .unwrap_or(k);
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
            Motion::Stop { duration_secs } => {
                // Right after a walk, from the walk's own speed (its last step may already
                // have arrived and asked for none).
                let after_walk = k > 0 && matches!(self.items[k - 1].motion, Motion::Locomotion { .. });
                let v0 = if after_walk { self.path_velocity } else { Vec2::new(v.x, v.z) };
                Stage::Stop { v0, duration: duration_secs as f64 }
            }
            Motion::Land { duration_secs } => Stage::Land { landed_at: None, duration: duration_secs as f64 },
            Motion::Balance { side, duration_secs } => Stage::Balance { side: side_index(side), duration: duration_secs as f64 },
            // Alone, a watch (or a balance on the palm) stands still while the head (the
            // arm) does the work.
            Motion::Watch { duration_secs, .. } | Motion::BalanceOnPalm { duration_secs, .. } => {
                if let Some(o) = overlay_of(&item.motion, k, t, false) {
                    self.overlays.push(o);
                }
                Stage::Idle { until: Some(t + duration_secs as f64) }
            }
            Motion::Crouch { .. } | Motion::Bow { .. } => crouch_stage(actor, &item.motion, story),
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
            Motion::LieDown { .. } => lie_stage(actor, root, self.root_offset, self.yaw, &item.motion, t),
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
            Motion::Put { .. } => crate::goals::put_stage(self, &item.motion, scene, world, props, actor, root, story, t),
            Motion::Chase { prop, speed_mps, duration_secs } => Stage::Chase { prop, until: t + duration_secs as f64, speed: speed_mps, last: None },
            // An instant: it ends where it starts.
            Motion::Mark => {
                Self::emit(story, &item, Event::End, t);
                self.next = last + 1;
                return;
            }
            Motion::Locomotion { .. } => self.loco_stage(k, &item.motion, scene, world, props, story, Vec2::new(p.x, p.z), Vec2::new(v.x, v.z)),
            Motion::Jump { forward_m, turns, plant_hands: true, .. } => {
                let ground_y = root.y + self.root_offset.y - crate::skeleton::Skeleton::of(actor).legs.hip_height * h;
                if let Some(b) = &item.binding {
                    story.phase_secs.insert((b.clone(), Event::Flight), crate::motions::wheel_secs(h));
                    story.phase_secs.insert((b.clone(), Event::Landing), 0.1);
                }
                Stage::Wheel { from: root, yaw0: self.yaw, forward: forward_m, turns, ground_y, off_ground: false, upside_down: false }
            }
            Motion::Jump { up_m, forward_m, turns, onto, over, carry, .. } => match over {
                // Over a prop: land beyond its far side, the arc clearing its top.
                Some(pi) => {
                    let (spot, up) = over_spot(scene, world, props, story, pi, actor, root + self.root_offset, up_m);
                    Stage::JumpPrep { up, forward: forward_m, turns, onto: Some(spot), carry: false }
                }
                None => {
                    let onto = onto.and_then(|pi| landing_spot(scene, world, props, pi, actor, root, forward_m));
                    Stage::JumpPrep { up: up_m, forward: forward_m, turns, onto, carry: carry && onto.is_none() }
                }
            },
            Motion::RaiseArms { duration_secs } => Stage::RaiseArms { duration: duration_secs as f64 },
            Motion::Turn { by_rad, to_rad, duration_secs, toward } => {
                // Toward a place: the heading to it now.
                let to_rad = toward.map_or(to_rad, |place| {
                    let d = place_now(scene, world, props, story, place) - Vec2::new(p.x, p.z);
                    Some(if d.length() > 1e-4 { (-d.y).atan2(d.x) } else { self.yaw })
                });
                // To a heading: the short way round.
                let by = match (by_rad, to_rad) {
                    (Some(b), _) => b,
                    (None, Some(to)) => (to - self.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI,
                    _ => 0.0,
                };
                Stage::Turn { from: self.yaw, by, duration: duration_secs as f64 }
            }
            Motion::Kick { side, duration_secs, ball } => Stage::Kick { side: side_index(side), duration: duration_secs as f64, ball, swing_from: None },
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
    pub(crate) fn control(
        &mut self,
        _index: usize,
        scene: &ir::Scene,
        world: &mut PhysicsWorld,
        story: &mut Story,
        props: &PropBodies,
        roots: &[Vec3],
        t: f64,
        dt: f64,
    ) {
        self.start_due_items(scene, _index, world, props, story, t);
        let actor = &scene.actors[_index];
        let h = actor.height_m;
        // The prop the running motion is about, where it is now.
        let focus = match self.running.as_ref().map(|r| &r.stage) {
            Some(Stage::Push { prop, .. })
            | Some(Stage::Throw { prop, .. })
            | Some(Stage::Put { prop, .. })
            | Some(Stage::Catch { prop, .. })
            | Some(Stage::Chase { prop, .. }) => prop_pos(world, props, *prop),
            Some(Stage::Kick { ball: Some((prop, _)), .. }) => prop_pos(world, props, *prop),
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
        let (t0, item) = self.running.as_ref().map_or((0.0, 0), |r| (r.t0, r.item));
        let mut running = self.running.take();
        let legs = crate::skeleton::Skeleton::of(actor).legs;
        let c = Ctx { scene, actor, h, legs, t, dt, v, p, focus, aim_at, hand_now };
        let mut o = Out {
            target: Pose::standing(),
            finished: false,
            planted: false,
            exact: false,
            next_root: None,
            caught: None,
            release: None,
            pickup: None,
            place: None,
            kick: None,
        };
        match running.as_mut().map(|r| &mut r.stage) {
            Some(stage @ Stage::Loco { .. }) => loco(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::JumpPrep { .. }) => jump_prep(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ (Stage::JumpLaunched { .. } | Stage::JumpFlight { .. })) => jump_flight(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Wheel { .. }) => wheel(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Turn { .. }) => turn(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Kick { .. }) => kick(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::RaiseArms { .. }) => raise_arms(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::JumpLanding { .. }) => jump_landing(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Land { .. }) => land(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Stop { .. }) => stop(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Balance { .. }) => balance(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Crouch { .. }) => crouch(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Climb { .. }) => climb(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Sit { .. }) => sit(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Lie { .. }) => lie(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Push { .. }) => push(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Throw { .. }) => throw(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Put { .. }) => put(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Catch { .. }) => catch(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Chase { .. }) => chase(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Swing { .. }) => swing(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Wave { .. }) => wave(self, &c, &mut o, body, story, t0, item, stage),
            Some(stage @ Stage::Idle { .. }) => idle(self, &c, &mut o, body, story, t0, item, stage),
            None => no_motion(self, &c, &mut o, body, story, t0, item, &mut Stage::Idle { until: None }),
        }
        self.running = running;
        self.finish_step(o, scene, _index, world, props, story, t, dt);
    }

    /// Before a step: a thrown prop takes part in contacts again once clear of the hand,
    /// `during` overlays whose phase has begun start, and the next sequential item starts
    /// when its turn (or its `at`/`after` event) has come.
    fn start_due_items(&mut self, scene: &ir::Scene, _index: usize, world: &mut PhysicsWorld, props: &PropBodies, story: &mut Story, t: f64) {
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
    }

    /// After a motion decided its step: switch the body between kinematic and dynamic, emit
    /// the events it found, smooth the pose towards its target and lay overlays on it, and
    /// place the hands' collider and what they hold (or let it fly, for a throw).
    #[allow(clippy::too_many_arguments)]
    fn finish_step(&mut self, o: Out, scene: &ir::Scene, _index: usize, world: &mut PhysicsWorld, props: &PropBodies, story: &mut Story, t: f64, dt: f64) {
        let Out { target, finished, planted, exact, next_root, caught, release, pickup, place, kick } = o;
        if let Some((pi, launch)) = kick {
            if let Some((b, _)) = props.get(pi).copied().flatten() {
                crate::props::launch(scene, props, b, world, story, launch);
            }
        }
        let actor = &scene.actors[_index];
        let h = actor.height_m;
        let body = &mut world.bodies[self.body];
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
        let head_before = (self.pose.head_yaw, self.pose.head_pitch);
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
            if o.balance.is_some() || matches!(self.items[o.item].motion, Motion::BalanceOnPalm { .. }) {
                continue;
            }
            if let Some(place) = o.watch {
                // The head turns to it over a tenth of a second, then keeps it in view.
                let (turn, down) = self.watch_angles(scene, world, props, story, actor, next, place);
                let k = 1.0 - (-(dt as f32) / 0.1).exp();
                self.pose.head_yaw = head_before.0 + (turn - head_before.0) * k;
                self.pose.head_pitch = head_before.1 + (down - head_before.1) * k;
                continue;
            }
            match o.dir {
                Some(dir) => {
                    let (a, e) = swing_arm(dir, ((t - o.t0) / o.duration) as f32);
                    self.pose.shoulder[o.side] = a;
                    self.pose.elbow[o.side] = e;
                }
                None => (self.pose.shoulder[o.side], self.pose.abduct[o.side], self.pose.elbow[o.side]) = wave_arm((t - o.t0) as f32, o.duration as f32),
            }
        }
        if let Some(f) = self.flip.as_ref().filter(|f| f.turns.roll != 0.0) {
            self.pose = plant_hands(actor, next + self.root_offset, self.yaw, self.pose, f.ground_y);
        }
        self.balance_step(scene, actor, world, props, story, next, t, dt);
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
                let at = match (pickup, place) {
                    (Some((from, k)), _) => from.lerp(grip, k),
                    (None, Some((spot, k, _))) => grip.lerp(spot, k),
                    (None, None) => grip,
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
                    None if place.is_some_and(|(_, _, let_go)| let_go) => {
                        // Set down: upright where the hand lowered it, at rest.
                        pb.set_body_type(RigidBodyType::Dynamic, true);
                        pb.set_position(rapier3d::math::Pose::from_parts(Vector::new(at.x, at.y, at.z), rapier3d::math::Rotation::IDENTITY), true);
                        pb.set_linvel(Vector::ZERO, true);
                        pb.set_angvel(Vector::ZERO, true);
                        self.holding = None;
                        // Solid at once, or it would sink into what it was set on.
                        world.colliders[c].set_sensor(false);
                    }
                    None => pb.set_next_kinematic_translation(Vector::new(at.x, at.y, at.z)),
                }
            }
        }
    }
}

/// Legs and arms for moving at `speed` with `gait`: one gait cycle per stride travelled,
/// so the planted foot keeps still.
pub(crate) fn gait_pose(phase: &mut f32, gait: ir::Gait, speed: f32, h: f32, legs: &crate::skeleton::Legs, dt: f64) -> Pose {
    {
        let (amp, lean) = match gait {
            ir::Gait::Walk => (0.45, 0.05),
            ir::Gait::Run => (0.8, 0.18),
            ir::Gait::Sprint => (1.0, 0.3),
        };
        *phase = (*phase + std::f32::consts::TAU * speed * dt as f32 / (humanoid::STRIDE * h)).rem_euclid(std::f32::consts::TAU);
        let ramp = (speed / (1.2 * h)).min(1.0);
        let mut target = run_pose(*phase, amp * ramp, lean * ramp);
        // The hips settle into the gait as it gets going (full by a slow walk's speed), not
        // in one step as it starts.
        target.drop = humanoid::GAIT_DROP * (speed / (0.3 * h)).min(1.0);
        (target.hip, target.knee) = humanoid::planted_legs(legs, *phase, target.drop);
        target
    }
}

impl ActorSim {
    /// After a physics step: find events in what the physics did.
    pub(crate) fn observe(&mut self, world: &PhysicsWorld, story: &mut Story, props: &PropBodies, t: f64, dt: f64) {
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

/// Upside down in a cartwheel: each arm that would reach past the ground is lowered out to
/// the side until its palm rests on it (the body turns over its planted hands).
fn plant_hands(actor: &ir::Actor, root: Vec3, yaw: f32, pose: Pose, ground_y: f32) -> Pose {
    let skeleton = crate::skeleton::Skeleton::of(actor);
    let (_, rot) = skeleton.pose(root, yaw, &pose);
    if (rot[reel_model::rig::PELVIS] * Vec3::Y).y > -0.5 {
        return pose;
    }
    let mut out = pose;
    for s in [LEFT, RIGHT] {
        let palm_y = |abduct: f32| {
            let mut p = out;
            p.abduct[s] = abduct;
            let (b, r) = skeleton.pose(root, yaw, &p);
            skeleton.palm(&b, &r, s).y
        };
        let (mut lo, mut hi) = (1.4f32, out.abduct[s]);
        if palm_y(hi) >= ground_y || palm_y(lo) < ground_y {
            continue;
        }
        // The palm is below the ground at `hi` and above it at `lo`.
        for _ in 0..14 {
            let mid = 0.5 * (lo + hi);
            if palm_y(mid) < ground_y {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        out.abduct[s] = lo;
    }
    out
}
