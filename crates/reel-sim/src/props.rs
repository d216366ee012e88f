//! A prop track's controller: `animate` holds the body kinematic on its eased line.

use super::*;

/// A prop track's controller: each `animate` holds the body kinematic on its eased line;
/// between and after them the body is dynamic again, let go with the speed it had.
pub(crate) struct PropCtl {
    pub(crate) ball: usize,
    pub(crate) items: Vec<ir::PropItem>,
    pub(crate) next: usize,
    /// (item, start time, from).
    pub(crate) running: Option<(usize, f64, Vec3)>,
}

impl PropCtl {
    pub(crate) fn finished(&self) -> bool {
        self.running.is_none() && self.next >= self.items.len()
    }

    pub(crate) fn at(item: &ir::PropItem, from: Vec3, t0: f64, t: f64) -> Vec3 {
        let u = ((t - t0) / item.duration_secs.max(1e-6) as f64).clamp(0.0, 1.0);
        from.lerp(Vec3::from(item.to_m), item.ease.apply(u) as f32)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn control(&mut self, scene: &ir::Scene, props: &PropBodies, h: RigidBodyHandle, world: &mut PhysicsWorld, story: &mut Story, t: f64, dt: f64) {
        if self.running.is_none() {
            let Some(item) = self.items.get(self.next) else { return };
            let ready = match &item.start {
                Start::At(e) | Start::After(e) => story.event(e).is_some_and(|te| t >= te),
                _ => true,
            };
            if !ready {
                return;
            }
            if let Some(l) = item.launch {
                launch(scene, props, h, world, story, l);
                for e in [Event::Start, Event::End] {
                    if let Some(b) = &item.binding {
                        story.events.entry((b.clone(), e)).or_insert(t);
                    }
                }
                self.next += 1;
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

/// Set a prop going: the impulse that gives it the launch's velocity, applied at a ball's
/// centre and three quarters of the way up anything else (so a domino tips as it goes).
pub(crate) fn launch(scene: &ir::Scene, props: &PropBodies, h: RigidBodyHandle, world: &mut PhysicsWorld, story: &Story, l: ir::Launch) {
    let at = Vec3::from(world.bodies[h].translation());
    let velocity = match l.velocity_mps {
        Some(v) => Vec3::from(v),
        None => {
            let heading = match (l.heading_rad, l.toward) {
                (Some(yaw), _) => Vec2::new(yaw.cos(), -yaw.sin()),
                (None, Some(place)) => (crate::goals::place_now(scene, world, props, story, place) - Vec2::new(at.x, at.z)).normalize_or_zero(),
                _ => Vec2::ZERO,
            };
            let (s, c) = l.up_rad.sin_cos();
            Vec3::new(heading.x * c, s, heading.y * c) * l.speed_mps
        }
    };
    let body = &mut world.bodies[h];
    let mass = body.mass();
    let dv = velocity - Vec3::from(body.linvel());
    // Three quarters of the way up a block: half its height above its centre of mass.
    let lift = props.iter().zip(&scene.props).find(|(b, _)| b.is_some_and(|(bh, _)| bh == h)).map_or(0.0, |(_, p)| match p.kind {
        ir::PropKind::Block { size_m, .. } => size_m[1] / 4.0,
        ir::PropKind::Cup { height_m, .. } => height_m / 4.0,
        _ => 0.0,
    });
    let point = at + Vec3::Y * lift;
    body.apply_impulse_at_point(Vector::new(dv.x * mass, dv.y * mass, dv.z * mass), Vector::new(point.x, point.y, point.z), true);
    // A ball set rolling rolls at once (it would slide, and lose 2/7 of its speed to friction).
    let radius = props.iter().zip(&scene.props).find(|(b, _)| b.is_some_and(|(bh, _)| bh == h)).and_then(|(_, p)| match p.kind {
        ir::PropKind::Ball { radius_m, .. } => Some(radius_m),
        _ => None,
    });
    if let Some(r) = radius {
        let spin = Vec3::Y.cross(Vec3::new(velocity.x, 0.0, velocity.z)) / r.max(1e-4);
        body.set_angvel(Vector::new(spin.x, spin.y, spin.z), true);
    }
}
