//! The two clocks. Story time is the simulation's; screen time is the video's. They differ
//! by warps: a `freeze D` at story time T shows T for D of screen time (rate 0); a
//! `slowmo F over D` shows D of story time over D/F of screen time.

use super::camera::action_secs;
use super::Story;
use reel_ir::{self as ir, CameraAction, Start};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Warp {
    pub story_start: f64,
    pub story_secs: f64,
    pub screen_secs: f64,
    /// A speed ramp: the factor goes from `.0` to `.1` evenly over the screen time (the mean
    /// of the two is `story_secs / screen_secs`). `None`: a constant factor.
    pub ramp: Option<(f64, f64)>,
}

/// Screen time of a slow-motion stretch: story time over the (mean) factor.
pub fn slowmo_screen_secs(rate: f32, rate_to: Option<f32>, story_secs: f32) -> f64 {
    let mean = (rate as f64 + rate_to.unwrap_or(rate) as f64) / 2.0;
    story_secs as f64 / mean.max(1e-3)
}

impl Warp {
    /// Story time elapsed `x` seconds of screen time into the warp.
    fn story_after(&self, x: f64) -> f64 {
        match self.ramp {
            Some((r0, r1)) => {
                let k = (r1 - r0) / self.screen_secs.max(1e-12);
                r0 * x + 0.5 * k * x * x
            }
            None => x * self.story_secs / self.screen_secs.max(1e-12),
        }
    }
    /// Screen time into the warp at which `u` of its story time has passed.
    fn screen_after(&self, u: f64) -> f64 {
        match self.ramp {
            Some((r0, r1)) => {
                let k = (r1 - r0) / self.screen_secs.max(1e-12);
                if k.abs() < 1e-12 {
                    u / r0.max(1e-12)
                } else {
                    // r0·x + k·x²/2 = u, the root in [0, screen_secs].
                    let disc = (r0 * r0 + 2.0 * k * u).max(0.0);
                    (2.0 * u / (r0 + disc.sqrt()).max(1e-12)).min(self.screen_secs)
                }
            }
            None => u * self.screen_secs / self.story_secs,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clock {
    /// Sorted by story time, not overlapping.
    pub warps: Vec<Warp>,
}

impl Clock {
    pub fn from_scene(scene: &ir::Scene, story: &Story) -> Clock {
        let mut clock = Clock::default();
        for track in &scene.camera_tracks {
            let mut cursor = 0.0f64;
            for item in &track.items {
                let Some(start) = clock.item_start(&item.start, cursor, story) else { continue };
                let warp = match &item.action {
                    CameraAction::Freeze { duration_secs, .. } => Some((0.0, *duration_secs as f64, None)),
                    CameraAction::Slowmo { rate, rate_to, story_secs } => {
                        Some((*story_secs as f64, slowmo_screen_secs(*rate, *rate_to, *story_secs), rate_to.map(|z| (*rate as f64, z as f64))))
                    }
                    CameraAction::Shot(_) | CameraAction::Cut { .. } => None,
                };
                if let Some((story_secs, screen_secs, ramp)) = warp {
                    let story_t = match &item.start {
                        Start::At(e) | Start::After(e) => story.event(e).unwrap_or(0.0).max(clock.story_of(start)),
                        _ => clock.story_of(start),
                    };
                    // Warps never overlap: a later one starts where an earlier one ends.
                    let story_t = clock.warps.iter().filter(|w| w.story_start <= story_t).map(|w| w.story_start + w.story_secs).fold(story_t, f64::max);
                    clock.warps.push(Warp { story_start: story_t, story_secs, screen_secs, ramp });
                    clock.warps.sort_by(|a, b| a.story_start.total_cmp(&b.story_start));
                }
                cursor = start + action_secs(&item.action).unwrap_or(0.0);
            }
        }
        clock
    }

    /// Screen time at which a camera item starts: after the previous one (`cursor`), at an
    /// event, or after an event; `None` when the event never happened.
    pub fn item_start(&self, start: &Start, cursor: f64, story: &Story) -> Option<f64> {
        match start {
            Start::Sequential | Start::During(_) | Start::Together => Some(cursor),
            Start::At(e) => story.event(e).map(|t| self.screen_of(t)),
            Start::After(e) => story.event(e).map(|t| self.screen_of(t).max(cursor)),
        }
    }

    /// Screen time at which story time `t` is first shown.
    pub fn screen_of(&self, t: f64) -> f64 {
        let mut extra = 0.0;
        for w in &self.warps {
            if t <= w.story_start {
                break;
            }
            if t < w.story_start + w.story_secs {
                return w.story_start + extra + w.screen_after(t - w.story_start);
            }
            extra += w.screen_secs - w.story_secs;
        }
        t + extra
    }

    /// Story time shown at screen time `s`.
    pub fn story_of(&self, s: f64) -> f64 {
        let mut extra = 0.0;
        for w in &self.warps {
            let screen_start = w.story_start + extra;
            if s < screen_start {
                return s - extra;
            }
            if s < screen_start + w.screen_secs {
                return w.story_start + w.story_after(s - screen_start);
            }
            extra += w.screen_secs - w.story_secs;
        }
        s - extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn freeze_holds_story_time() {
        let c = Clock { warps: vec![Warp { story_start: 3.0, story_secs: 0.0, screen_secs: 4.0, ramp: None }] };
        assert_eq!(c.story_of(2.0), 2.0);
        assert_eq!(c.story_of(3.5), 3.0);
        assert_eq!(c.story_of(6.9), 3.0);
        assert!((c.story_of(7.5) - 3.5).abs() < 1e-12);
        assert_eq!(c.screen_of(3.0), 3.0);
        assert_eq!(c.screen_of(3.5), 7.5);
    }

    #[test]
    fn slowmo_stretches_story_time() {
        // 2 s of story from t = 1 at quarter speed: 8 s of screen.
        let c = Clock { warps: vec![Warp { story_start: 1.0, story_secs: 2.0, screen_secs: 8.0, ramp: None }] };
        assert_eq!(c.story_of(0.5), 0.5);
        assert!((c.story_of(5.0) - 2.0).abs() < 1e-12);
        assert!((c.story_of(9.0) - 3.0).abs() < 1e-12);
        assert!((c.story_of(10.0) - 4.0).abs() < 1e-12);
        for s in [0.3, 1.0, 2.7, 6.0, 9.5, 12.0] {
            assert!((c.screen_of(c.story_of(s)) - s).abs() < 1e-9, "round trip at {s}");
        }
    }

    #[test]
    fn a_speed_ramp_slows_evenly_and_keeps_its_story_length() {
        // 1 s of story ramping from 1x to 0.25x: 1 / 0.625 = 1.6 s of screen.
        let screen = slowmo_screen_secs(1.0, Some(0.25), 1.0);
        assert!((screen - 1.6).abs() < 1e-9);
        let c = Clock { warps: vec![Warp { story_start: 2.0, story_secs: 1.0, screen_secs: screen, ramp: Some((1.0, 0.25)) }] };
        // The factor at screen time x is d(story)/dx: 1 at the start, 0.25 at the end.
        let rate = |s: f64| (c.story_of(s + 1e-6) - c.story_of(s - 1e-6)) / 2e-6;
        assert!((rate(2.0 + 1e-4) - 1.0).abs() < 1e-3, "{}", rate(2.0001));
        assert!((rate(2.0 + 0.8) - 0.625).abs() < 1e-3, "{}", rate(2.8));
        assert!((rate(2.0 + 1.6 - 1e-4) - 0.25).abs() < 1e-3);
        assert!((c.story_of(3.6) - 3.0).abs() < 1e-9);
        assert!((c.story_of(4.6) - 4.0).abs() < 1e-9, "after the ramp story runs at 1x");
        for s in [0.5, 2.1, 2.9, 3.5, 5.0] {
            assert!((c.screen_of(c.story_of(s)) - s).abs() < 1e-9, "round trip at {s}");
        }
    }
}
