//! reel's skeleton: the common humanoid bone set every figure is posed on, and how a
//! model's bones are found in it by name (Unreal / MakeHuman game-engine, Mixamo, VRM
//! humanoid, Blender Rigify). Body frame: +x forward, +y up, +z to the figure's right;
//! `_l` bones are on the figure's left (−z).

/// The bones, parents before children.
pub const BONES: [&str; 22] = [
    "pelvis",
    "spine_01",
    "spine_02",
    "spine_03",
    "neck_01",
    "head",
    "clavicle_l",
    "upperarm_l",
    "lowerarm_l",
    "hand_l",
    "clavicle_r",
    "upperarm_r",
    "lowerarm_r",
    "hand_r",
    "thigh_l",
    "calf_l",
    "foot_l",
    "ball_l",
    "thigh_r",
    "calf_r",
    "foot_r",
    "ball_r",
];
pub const BONE_COUNT: usize = BONES.len();

/// Each bone's parent (an index into `BONES`).
pub const PARENT: [Option<usize>; BONE_COUNT] = [
    None,
    Some(PELVIS),
    Some(SPINE_01),
    Some(SPINE_02),
    Some(SPINE_03),
    Some(NECK),
    Some(SPINE_03),
    Some(CLAVICLE[0]),
    Some(UPPERARM[0]),
    Some(LOWERARM[0]),
    Some(SPINE_03),
    Some(CLAVICLE[1]),
    Some(UPPERARM[1]),
    Some(LOWERARM[1]),
    Some(PELVIS),
    Some(THIGH[0]),
    Some(CALF[0]),
    Some(FOOT[0]),
    Some(PELVIS),
    Some(THIGH[1]),
    Some(CALF[1]),
    Some(FOOT[1]),
];

pub const PELVIS: usize = 0;
pub const SPINE_01: usize = 1;
pub const SPINE_02: usize = 2;
pub const SPINE_03: usize = 3;
pub const NECK: usize = 4;
pub const HEAD: usize = 5;
/// Per side, left first.
pub const CLAVICLE: [usize; 2] = [6, 10];
pub const UPPERARM: [usize; 2] = [7, 11];
pub const LOWERARM: [usize; 2] = [8, 12];
pub const HAND: [usize; 2] = [9, 13];
pub const THIGH: [usize; 2] = [14, 18];
pub const CALF: [usize; 2] = [15, 19];
pub const FOOT: [usize; 2] = [16, 20];
pub const BALL: [usize; 2] = [17, 21];

/// Bones a user model must have for reel's motions to drive it.
pub const REQUIRED: [usize; 15] =
    [PELVIS, HEAD, UPPERARM[0], LOWERARM[0], HAND[0], UPPERARM[1], LOWERARM[1], HAND[1], THIGH[0], CALF[0], FOOT[0], THIGH[1], CALF[1], FOOT[1], SPINE_01];

/// Other names of each bone (compared after `normalise`): Mixamo, VRM humanoid, Rigify.
const ALIASES: [&[&str]; BONE_COUNT] = [
    &["hips", "pelvis", "defspine", "root_hips"],
    &["spine", "spine01", "defspine001"],
    &["spine1", "chest", "spine02", "defspine002"],
    &["spine2", "upperchest", "spine03", "defspine003"],
    &["neck", "neck01", "defspine004"],
    &["head", "defspine006"],
    &["leftshoulder", "clavicle_l", "defshoulderl"],
    &["leftarm", "leftupperarm", "upperarml", "defupper_arml"],
    &["leftforearm", "leftlowerarm", "lowerarml", "defforearml"],
    &["lefthand", "handl", "defhandl"],
    &["rightshoulder", "clavicler", "defshoulderr"],
    &["rightarm", "rightupperarm", "upperarmr", "defupper_armr"],
    &["rightforearm", "rightlowerarm", "lowerarmr", "defforearmr"],
    &["righthand", "handr", "defhandr"],
    &["leftupleg", "leftupperleg", "thighl", "defthighl"],
    &["leftleg", "leftlowerleg", "calfl", "defshinl"],
    &["leftfoot", "footl", "deffootl"],
    &["lefttoebase", "lefttoes", "balll", "deftoel"],
    &["rightupleg", "rightupperleg", "thighr", "defthighr"],
    &["rightleg", "rightlowerleg", "calfr", "defshinr"],
    &["rightfoot", "footr", "deffootr"],
    &["righttoebase", "righttoes", "ballr", "deftoer"],
];

/// A bone name without its rig's prefix (`mixamorig:`, `J_Bip_C_`…), case, dots, dashes and
/// underscores, so `mixamorig:LeftUpLeg`, `DEF-thigh.L` and `thigh_l` compare by their words.
fn normalise(name: &str) -> String {
    let base = name.rsplit([':', '|']).next().unwrap_or(name);
    // VRoid's `J_Bip_L_UpperLeg` is VRM's `leftUpperLeg`.
    let base = match base.get(..8) {
        Some("J_Bip_L_") => format!("left{}", &base[8..]),
        Some("J_Bip_R_") => format!("right{}", &base[8..]),
        Some("J_Bip_C_") => base[8..].to_string(),
        _ => base.to_string(),
    };
    base.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

/// The reel bone a model's bone named `name` is, if any.
pub fn bone_named(name: &str) -> Option<usize> {
    let n = normalise(name);
    (0..BONE_COUNT).find(|&b| normalise(BONES[b]) == n || ALIASES[b].iter().any(|a| normalise(a) == n))
}

/// For each of a model's joints, the reel bone it is; and the required bones no joint is.
pub fn map_bones(names: &[String]) -> (Vec<Option<usize>>, Vec<&'static str>) {
    let mut seen = [false; BONE_COUNT];
    let map: Vec<Option<usize>> = names
        .iter()
        .map(|n| {
            let b = bone_named(n).filter(|&b| !seen[b]);
            if let Some(b) = b {
                seen[b] = true;
            }
            b
        })
        .collect();
    let missing = REQUIRED.iter().filter(|&&b| !seen[b]).map(|&b| BONES[b]).collect();
    (map, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first() {
        for (b, p) in PARENT.iter().enumerate() {
            assert!(p.map_or(b == 0, |p| p < b), "{}", BONES[b]);
        }
    }

    #[test]
    fn rigs_map_by_name() {
        for (name, bone) in [
            ("mixamorig:LeftUpLeg", "thigh_l"),
            ("mixamorig:Hips", "pelvis"),
            ("rightLowerArm", "lowerarm_r"),
            ("J_Bip_C_Head", "head"),
            ("DEF-thigh.L", "thigh_l"),
            ("DEF-shin.R", "calf_r"),
            ("calf_l", "calf_l"),
            ("upperarm_r", "upperarm_r"),
        ] {
            assert_eq!(bone_named(name).map(|b| BONES[b]), Some(bone), "{name}");
        }
        assert_eq!(bone_named("tail_03"), None);
    }
}
