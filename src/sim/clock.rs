//! The two clocks. Story time is the simulation's; screen time is the video's. A `freeze D`
//! at story time T adds D of screen time during which story time stays at T.

use super::camera::action_secs;
use super::Story;
use crate::ir::{self, CameraAction, Start};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clock {
    /// (story time, screen seconds), sorted by story time.
    pub freezes: Vec<(f64, f64)>,
}

impl Clock {
    pub fn from_scene(scene: &ir::Scene, story: &Story) -> Clock {
        let mut clock = Clock::default();
        for track in &scene.camera_tracks {
            let mut cursor = 0.0f64;
            for item in &track.items {
                let start = match &item.start {
                    Start::Sequential | Start::During(_) => Some(cursor),
                    Start::At(e) => story.event(e).map(|t| clock.screen_of(t)),
                    Start::After(e) => story.event(e).map(|t| clock.screen_of(t).max(cursor)),
                };
                let Some(start) = start else { continue };
                if let CameraAction::Freeze { duration_secs, .. } = &item.action {
                    let story_t = match &item.start {
                        Start::At(e) | Start::After(e) => story.event(e).unwrap_or(0.0).max(clock.story_of(start)),
                        _ => clock.story_of(start),
                    };
                    clock.freezes.push((story_t, *duration_secs as f64));
                    clock.freezes.sort_by(|a, b| a.0.total_cmp(&b.0));
                }
                cursor = start + action_secs(&item.action).unwrap_or(0.0);
            }
        }
        clock
    }

    /// Screen time at which story time `t` is first shown.
    pub fn screen_of(&self, t: f64) -> f64 {
        t + self.freezes.iter().filter(|(ts, _)| *ts < t).map(|(_, d)| d).sum::<f64>()
    }

    /// Story time shown at screen time `s`.
    pub fn story_of(&self, s: f64) -> f64 {
        let mut acc = 0.0;
        for (ts, d) in &self.freezes {
            if s < ts + acc {
                return s - acc;
            }
            if s < ts + acc + d {
                return *ts;
            }
            acc += d;
        }
        s - acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn freeze_holds_story_time() {
        let c = Clock { freezes: vec![(3.0, 4.0)] };
        assert_eq!(c.story_of(2.0), 2.0);
        assert_eq!(c.story_of(3.5), 3.0);
        assert_eq!(c.story_of(6.9), 3.0);
        assert!((c.story_of(7.5) - 3.5).abs() < 1e-12);
        assert_eq!(c.screen_of(3.0), 3.0);
        assert_eq!(c.screen_of(3.5), 7.5);
    }
}
