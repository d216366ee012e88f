//! reel's default human body, `person.glb`, made at set-up by scripts/install-body.sh from
//! the MakeHuman / MPFB2 data (CC0) and kept in reel's data folder; and the shape a
//! person's age, build and gender give it (weights of its morph targets).

use crate::skinned::{load_skinned, SkinnedModel};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The file the body is read from.
pub const BODY_FILE: &str = "person.glb";

/// Where reel keeps what set-up made: `$REEL_DATA_DIR`, else `$XDG_DATA_HOME/reel`, else
/// `~/.local/share/reel`.
pub fn data_dir() -> PathBuf {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    var("REEL_DATA_DIR")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("reel")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/reel")))
        .unwrap_or_else(|| PathBuf::from(".reel"))
}

/// How to get the body, for diagnostics.
pub const HOW_TO_INSTALL: &str = "run `bash scripts/install-body.sh` (it downloads the MakeHuman body, CC0, from PyPI and converts it)";

/// The body, read once per process (per data folder).
pub fn person() -> Result<Arc<SkinnedModel>, String> {
    type Loaded = (PathBuf, Result<Arc<SkinnedModel>, String>);
    static CACHE: OnceLock<std::sync::Mutex<Vec<Loaded>>> = OnceLock::new();
    let dir = data_dir();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, r)) = cache.iter().find(|(d, _)| *d == dir) {
        return r.clone();
    }
    let r = if dir.join(BODY_FILE).is_file() {
        load_skinned(&dir, BODY_FILE)
            .map(Arc::new)
            .map_err(|e| format!("reel's body `{}` cannot be read: {e}; {HOW_TO_INSTALL}", dir.join(BODY_FILE).display()))
    } else {
        Err(format!("reel's human body is not installed (no `{}`): {HOW_TO_INSTALL}", dir.join(BODY_FILE).display()))
    };
    cache.push((dir, r.clone()));
    r
}

/// A person's shape: age in years (1 to 90), gender from 0 (female) to 1 (male), build
/// from -1 (slim) to 1 (heavy), muscle from -1 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub age_years: f32,
    pub gender: f32,
    pub build: f32,
    pub muscle: f32,
}

/// The weight of each of the body's targets (by name) for a shape, as MakeHuman mixes its
/// macro targets: gender × age between baby (1), child (11), young (25) and old (90).
pub fn shape_weights(s: Shape) -> Vec<(String, f32)> {
    let a = s.age_years.clamp(1.0, 90.0);
    let ages: [(&str, f32); 4] = if a < 11.0 {
        let t = (a - 1.0) / 10.0;
        [("baby", 1.0 - t), ("child", t), ("young", 0.0), ("old", 0.0)]
    } else if a < 25.0 {
        let t = (a - 11.0) / 14.0;
        [("baby", 0.0), ("child", 1.0 - t), ("young", t), ("old", 0.0)]
    } else {
        let t = (a - 25.0) / 65.0;
        [("baby", 0.0), ("child", 0.0), ("young", 1.0 - t), ("old", t)]
    };
    let g = s.gender.clamp(0.0, 1.0);
    let mut out = Vec::new();
    for (gender, gw) in [("female", 1.0 - g), ("male", g)] {
        for (age, aw) in ages {
            out.push((format!("{gender}-{age}"), gw * aw));
        }
    }
    // Build and muscle matter less on a small child's body.
    let grown = (a / 16.0).clamp(0.2, 1.0);
    out.push(("minweight".into(), (-s.build).max(0.0) * grown));
    out.push(("maxweight".into(), s.build.max(0.0) * grown));
    out.push(("minmuscle".into(), (-s.muscle).max(0.0) * grown));
    out.push(("maxmuscle".into(), s.muscle.max(0.0) * grown));
    out
}

impl SkinnedModel {
    /// Vertex positions and bone rest positions with the targets mixed in by name.
    pub fn shaped(&self, weights: &[(String, f32)]) -> (Vec<[f32; 3]>, [[f32; 3]; crate::rig::BONE_COUNT]) {
        let mut pos = self.positions.clone();
        let mut rest = self.rest;
        for t in &self.targets {
            let w = weights.iter().find(|(n, _)| *n == t.name).map_or(0.0, |(_, w)| *w);
            if w == 0.0 {
                continue;
            }
            for (p, d) in pos.iter_mut().zip(&t.positions) {
                for k in 0..3 {
                    p[k] += w * d[k];
                }
            }
            for (r, d) in rest.iter_mut().zip(&t.rest) {
                for k in 0..3 {
                    r[k] += w * d[k];
                }
            }
        }
        // Soles back on y = 0 and the pelvis over the origin.
        let floor = pos.iter().map(|p| p[1]).fold(f32::INFINITY, f32::min);
        let [px, _, pz] = rest[crate::rig::PELVIS];
        for p in pos.iter_mut().chain(rest.iter_mut()) {
            p[0] -= px;
            p[1] -= floor;
            p[2] -= pz;
        }
        (pos, rest)
    }
}
