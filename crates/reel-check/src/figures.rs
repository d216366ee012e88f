//! What a figure is and looks like: its kind (`person`, `monkey`, `robot`, `mannequin`,
//! `humanoid`), a person's shape and clothes, and for a skinned figure (a person, or a
//! skinned `model`) where its bones start at rest, at its height (E0113 when the body is
//! not installed or a model lacks bones reel's motions need).

use super::*;
use reel_model::skinned::SkinError;

/// A figure's kind, look and skeleton at rest.
pub(crate) struct FigureLook {
    pub archetype: ir::Archetype,
    pub look: Option<ir::Look>,
    pub rest_m: Option<Vec<[f32; 3]>>,
    /// The model, when it is used (a skinned one, or a segmented one that loads).
    pub model: Option<String>,
}

impl Checker<'_> {
    pub(crate) fn figure_look(&mut self, d: &ast::EntityDecl, p: &BTreeMap<&'static str, Bound>, height: f32) -> FigureLook {
        let kind = match d.archetype.name.as_str() {
            "person" => ir::Archetype::Person,
            "monkey" => ir::Archetype::Monkey,
            "robot" => ir::Archetype::Robot,
            "mannequin" => ir::Archetype::Mannequin,
            _ => ir::Archetype::Humanoid,
        };
        let age = self.ranged(p.get("age"), "years", 1.0..=90.0, "a person's age must be between 1 and 90 years", None).unwrap_or_default();
        let look = (kind == ir::Archetype::Person).then(|| person_look(p, age.max(1.0)));
        let mut out = FigureLook { archetype: kind, look, rest_m: None, model: None };
        if let Some((Got::Str(written), span)) = p.get("model").and_then(|b| b.get("file")) {
            let (written, span) = (written.to_string(), *span);
            let Some(dir) = self.dir.clone() else {
                out.model = self.model_of(p.get("model"), Some(reel_model::FIGURE_PARTS));
                return out;
            };
            match reel_model::skinned::load_skinned(&dir, &written) {
                Ok(m) => {
                    out.rest_m = Some(scaled_rest(&m.positions, &m.rest, height));
                    out.model = Some(written);
                }
                Err(SkinError::NoSkin) => out.model = self.model_of(p.get("model"), Some(reel_model::FIGURE_PARTS)),
                Err(SkinError::Missing(bones)) => self.err(
                    Diag::error(Code::E0113, span, format!("`{written}`'s skeleton has no bone for {}", bones.join(", ")))
                        .label("reel's motions cannot drive this character")
                        .help("name its bones as Mixamo (`mixamorig:LeftUpLeg`), VRM (`leftUpperLeg`), Rigify (`DEF-thigh.L`) or Unreal (`thigh_l`) do"),
                ),
                Err(SkinError::Invalid(e)) => self.err(
                    Diag::error(Code::E0112, span, e).label("this model cannot be used").help("models are glTF 2.0 files (.glb, .gltf) in this scene's folder"),
                ),
            }
            return out;
        }
        if let Some(look) = &out.look {
            match reel_model::body::person() {
                Ok(body) => {
                    let (positions, rest) = body.shaped(&reel_model::body::shape_weights(shape_of(look)));
                    out.rest_m = Some(scaled_rest(&positions, &rest, height));
                }
                Err(e) => self.err(
                    Diag::error(Code::E0113, d.archetype.span, e)
                        .label("no body to draw this person with")
                        .help("the body is made once at set-up from MakeHuman's CC0 data; until then, `mannequin` draws the same motions"),
                ),
            }
        }
        out
    }
}

pub(crate) fn shape_of(look: &ir::Look) -> reel_model::body::Shape {
    reel_model::body::Shape { age_years: look.age_years, gender: look.gender, build: look.build, muscle: look.muscle }
}

fn person_look(p: &BTreeMap<&'static str, Bound>, age: f32) -> ir::Look {
    let word = |k: &str| p.get(k).and_then(|b| b.word(k)).unwrap_or("");
    let gender = match word("gender") {
        "female" => 0.0,
        "male" => 1.0,
        _ => 0.5,
    };
    let (build, muscle) = match word("build") {
        "slim" => (-0.8, 0.0),
        "heavy" => (0.9, 0.0),
        "athletic" => (-0.2, 0.9),
        _ => (0.0, 0.0),
    };
    let mut zones = BTreeMap::new();
    for (key, zone) in [("color", "skin"), ("top", "top"), ("bottoms", "bottoms"), ("shoes", "shoes"), ("hair", "hair")] {
        if let Some(b) = p.get(key) {
            zones.insert(zone.to_string(), color_of(b, "color", [0.0; 3]));
        }
    }
    ir::Look { age_years: age, gender, build, muscle, zones }
}

/// Rest positions scaled so the figure stands `height` tall, rounded to 0.1 mm (stable IR).
fn scaled_rest(positions: &[[f32; 3]], rest: &[[f32; 3]; reel_model::rig::BONE_COUNT], height: f32) -> Vec<[f32; 3]> {
    let top = positions.iter().map(|p| p[1]).fold(f32::MIN_POSITIVE, f32::max);
    let s = height / top;
    rest.iter().map(|r| r.map(|v| (v * s * 1e4).round() / 1e4)).collect()
}
