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

    pub(crate) fn control(&mut self, h: RigidBodyHandle, world: &mut PhysicsWorld, story: &mut Story, t: f64, dt: f64) {
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
