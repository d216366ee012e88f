//! Bake files: the binary, frame-indexed form (`.reelbake`, what `render --bake` reads
//! fastest: a chunk reads only its own frames, so memory stays flat in the bake's length)
//! and JSON (for people and tools). Reading tells them apart by their first bytes and
//! validates what it read against the limits a scene has, so a hand-edited or hostile bake
//! gets a plain error, not GPU or encoder jargon.
//!
//! Binary layout, little-endian:
//! `MAGIC` (8 bytes) · header length (u64) · header (CBOR of `Header`: everything but the
//! frames) · frames (CBOR of `Frame`, one after another) · the index: `frame_count + 1`
//! frame offsets (u64, from the file's start; the last is where the index starts) · where
//! the index starts (u64). Frames are written as they are encoded, so writing holds one.

use crate::{Bake, BakedEvent, Environment, FigureDesc, Frame, LightDesc, NodeDesc, Shape, SkinMesh, BAKE_VERSION, BONE_COUNT};
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

pub const MAGIC: &[u8; 8] = b"REELBAKE";

/// The most frames a bake may hold: the longest scene at the highest rate, with room for
/// freezes and slow motion (screen time may run longer than story time).
pub const MAX_FRAMES: usize = 4 * reel_ir::MAX_DURATION_SECS as usize * reel_ir::MAX_FPS as usize;
/// The largest header (nodes, models' meshes, events, notes) and the largest frame read.
const MAX_HEADER_BYTES: u64 = 512 << 20;
const MAX_FRAME_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BakeFormat {
    Binary,
    Json,
    /// JSON indented, for reading and diffing.
    Pretty,
}

impl BakeFormat {
    /// The format an output's name asks for: `.json` is JSON, anything else binary.
    pub fn for_path(path: &Path) -> BakeFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => BakeFormat::Json,
            _ => BakeFormat::Binary,
        }
    }
}

/// A bake less its frames.
#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    title: String,
    resolution: [u32; 2],
    fps: u32,
    env: Environment,
    nodes: Vec<NodeDesc>,
    lights: Vec<LightDesc>,
    models: Vec<reel_model::ModelMesh>,
    #[serde(default)]
    skins: Vec<SkinMesh>,
    #[serde(default)]
    figures: Vec<FigureDesc>,
    events: Vec<BakedEvent>,
    notes: Vec<String>,
    frame_count: u64,
}

/// Write `bake` to `w` in `format`.
pub fn write(bake: &Bake, format: BakeFormat, w: impl Write) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write the bake: {e}");
    let mut w = BufWriter::new(w);
    match format {
        BakeFormat::Json => serde_json::to_writer(&mut w, bake).map_err(|e| fail(&e))?,
        BakeFormat::Pretty => serde_json::to_writer_pretty(&mut w, bake).map_err(|e| fail(&e))?,
        BakeFormat::Binary => {
            let header = Header {
                version: bake.version,
                title: bake.title.clone(),
                resolution: bake.resolution,
                fps: bake.fps,
                env: bake.env.clone(),
                nodes: bake.nodes.clone(),
                lights: bake.lights.clone(),
                models: bake.models.clone(),
                skins: bake.skins.clone(),
                figures: bake.figures.clone(),
                events: bake.events.clone(),
                notes: bake.notes.clone(),
                frame_count: bake.frames.len() as u64,
            };
            let mut head = Vec::new();
            ciborium::into_writer(&header, &mut head).map_err(|e| fail(&e))?;
            w.write_all(MAGIC).and_then(|()| w.write_all(&(head.len() as u64).to_le_bytes())).and_then(|()| w.write_all(&head)).map_err(|e| fail(&e))?;
            let mut at = (MAGIC.len() + 8 + head.len()) as u64;
            let mut offsets = Vec::with_capacity(bake.frames.len() + 1);
            let mut buf = Vec::new();
            for f in &bake.frames {
                offsets.push(at);
                buf.clear();
                ciborium::into_writer(f, &mut buf).map_err(|e| fail(&e))?;
                w.write_all(&buf).map_err(|e| fail(&e))?;
                at += buf.len() as u64;
            }
            offsets.push(at);
            for o in offsets.iter().chain([&at]) {
                w.write_all(&o.to_le_bytes()).map_err(|e| fail(&e))?;
            }
        }
    }
    w.flush().map_err(|e| fail(&e))
}

/// An open bake: its header read and validated, its frames read on demand.
pub struct BakeFile {
    /// The bake with `frames` empty until `read_frames` fills them.
    pub bake: Bake,
    pub frame_count: usize,
    source: Source,
}

enum Source {
    Binary {
        file: std::fs::File,
        offsets: Vec<u64>,
    },
    /// A JSON bake is read whole (JSON cannot be sought); its frames wait here.
    Json(Vec<Frame>),
}

impl BakeFile {
    /// Open `path`, binary or JSON by its first bytes, and validate its header.
    pub fn open(path: &Path) -> Result<BakeFile, String> {
        let name = path.display();
        let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let len = file.metadata().map_err(|e| format!("cannot read {name}: {e}"))?.len();
        let mut magic = [0u8; 8];
        let n = file.read(&mut magic).map_err(|e| format!("cannot read {name}: {e}"))?;
        let opened = if n == 8 && &magic == MAGIC { Self::open_binary(file, len) } else { Self::open_json(file, len) };
        let opened = opened.map_err(|e| format!("{name} is not a usable reel bake: {e}"))?;
        validate(&opened.bake, opened.frame_count).map_err(|e| format!("{name}: {e}"))?;
        Ok(opened)
    }

    fn open_binary(mut file: std::fs::File, len: u64) -> Result<BakeFile, String> {
        let head_len = read_u64(&mut file)?;
        if head_len > MAX_HEADER_BYTES.min(len) {
            return Err(format!("its header claims {head_len} bytes"));
        }
        let header: Header = ciborium::from_reader((&mut file).take(head_len)).map_err(|e| format!("its header does not read: {e}"))?;
        check_version(header.version)?;
        let count = header.frame_count;
        let frames_at = 16 + head_len;
        file.seek(SeekFrom::End(-8)).map_err(|e| format!("it ends early: {e}"))?;
        let index_at = read_u64(&mut file)?;
        // The index must be exactly what the count says, at the end: a count cannot
        // allocate more than the bytes behind it, and a cut file is caught here.
        if count as usize > MAX_FRAMES || index_at < frames_at || index_at.checked_add(8 * (count + 1) + 8) != Some(len) {
            return Err(format!("it claims {count} frames, which its bytes do not hold (a cut or damaged file?)"));
        }
        file.seek(SeekFrom::Start(index_at)).map_err(|e| e.to_string())?;
        let mut raw = vec![0u8; 8 * (count as usize + 1)];
        file.read_exact(&mut raw).map_err(|e| format!("its frame index does not read: {e}"))?;
        let offsets: Vec<u64> = raw.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
        if offsets.first() != Some(&frames_at) || offsets.last() != Some(&index_at) || offsets.windows(2).any(|w| w[1] < w[0] || w[1] - w[0] > MAX_FRAME_BYTES)
        {
            return Err("its frame index is out of order or points outside its frames (a damaged file?)".into());
        }
        let bake = Bake {
            version: header.version,
            title: header.title,
            resolution: header.resolution,
            fps: header.fps,
            env: header.env,
            nodes: header.nodes,
            lights: header.lights,
            models: header.models,
            skins: header.skins,
            figures: header.figures,
            frames: Vec::new(),
            events: header.events,
            notes: header.notes,
        };
        Ok(BakeFile { bake, frame_count: count as usize, source: Source::Binary { file, offsets } })
    }

    fn open_json(mut file: std::fs::File, len: u64) -> Result<BakeFile, String> {
        if len > 4 << 30 {
            return Err("a JSON bake is read whole, and this one is larger than 4 GiB: write it as a binary bake".into());
        }
        file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
        let mut bake: Bake = serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| format!("{e}"))?;
        check_version(bake.version)?;
        let frames = std::mem::take(&mut bake.frames);
        Ok(BakeFile { bake, frame_count: frames.len(), source: Source::Json(frames) })
    }

    /// Frames `range`, validated against the header (a frame per node, finite numbers).
    pub fn read_frames(&mut self, range: std::ops::Range<usize>) -> Result<Vec<Frame>, String> {
        if range.start > range.end || range.end > self.frame_count {
            return Err(format!("frames {}..{} are outside this bake's 0..{}", range.start, range.end, self.frame_count));
        }
        let frames = match &mut self.source {
            Source::Json(all) => all[range.clone()].to_vec(),
            Source::Binary { file, offsets } => {
                file.seek(SeekFrom::Start(offsets[range.start])).map_err(|e| e.to_string())?;
                let mut out = Vec::with_capacity(range.len());
                for i in range.clone() {
                    let n = offsets[i + 1] - offsets[i];
                    let f: Frame = ciborium::from_reader(std::io::Read::take(&mut *file, n)).map_err(|e| format!("frame {i} does not read: {e}"))?;
                    out.push(f);
                }
                out
            }
        };
        for (i, f) in range.zip(&frames) {
            validate_frame(f, self.bake.nodes.len(), self.bake.figures.len() * BONE_COUNT).map_err(|e| format!("frame {i}: {e}"))?;
        }
        Ok(frames)
    }

    /// The whole bake, every frame read.
    pub fn read_all(mut self) -> Result<Bake, String> {
        let frames = self.read_frames(0..self.frame_count)?;
        Ok(Bake { frames, ..self.bake })
    }
}

fn read_u64(r: &mut impl Read) -> Result<u64, String> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b).map_err(|e| format!("it ends early: {e}"))?;
    Ok(u64::from_le_bytes(b))
}

fn check_version(v: u32) -> Result<(), String> {
    if v != BAKE_VERSION {
        return Err(format!("it is bake version {v}, this reel reads version {BAKE_VERSION}: bake the scene again"));
    }
    Ok(())
}

/// What a renderer and encoder need to hold of a bake's header: the scene's limits on size
/// and rate, meshes within the model budget whose indices stay inside them, finite numbers.
pub fn validate(bake: &Bake, frame_count: usize) -> Result<(), String> {
    reel_ir::output_limits(bake.resolution, bake.fps)?;
    if frame_count == 0 || frame_count > MAX_FRAMES {
        return Err(format!("it has {frame_count} frames; a bake has 1 to {MAX_FRAMES}"));
    }
    for (k, m) in bake.models.iter().enumerate() {
        let ok = m.positions.len() <= reel_model::MAX_VERTICES
            && m.indices.len() <= 3 * reel_model::MAX_TRIANGLES
            && m.normals.len() == m.positions.len()
            && m.indices.len() % 3 == 0
            && m.indices.iter().all(|&i| (i as usize) < m.positions.len())
            && m.positions.iter().chain(&m.normals).flatten().all(|v| v.is_finite());
        if !ok {
            return Err(format!("model {k} is over the model budget, has indices past its vertices or numbers that are not finite"));
        }
    }
    for (k, m) in bake.skins.iter().enumerate() {
        let n = m.positions.len();
        let ok = n <= reel_model::MAX_VERTICES
            && m.indices.len() <= 3 * reel_model::MAX_TRIANGLES
            && m.lods.len() <= 4
            && m.lods.iter().all(|l| l.len() <= m.indices.len() && l.len() % 3 == 0)
            && [m.normals.len(), m.colors.len(), m.bones.len(), m.weights.len()].iter().all(|&l| l == n)
            && m.rest.len() == BONE_COUNT
            && m.indices.len() % 3 == 0
            && m.indices.iter().chain(m.lods.iter().flatten()).all(|&i| (i as usize) < n)
            && m.bones.iter().flatten().all(|&b| (b as usize) < BONE_COUNT)
            && m.positions.iter().chain(&m.normals).chain(&m.rest).flatten().chain(m.colors.iter().chain(&m.weights).flatten()).all(|v| v.is_finite());
        if !ok {
            return Err(format!("skin {k} is over the model budget, has indices past its vertices or bones, or numbers that are not finite"));
        }
    }
    if let Some((f, k)) = bake.figures.iter().find_map(|f| f.skin.filter(|&k| k as usize >= bake.skins.len()).map(|k| (f, k))) {
        return Err(format!("figure `{}` draws skin {k}, which the bake does not carry", f.name));
    }
    for n in &bake.nodes {
        if let Shape::Model(i) = n.shape {
            if i as usize >= bake.models.len() {
                return Err(format!("node `{}` draws model {i}, which the bake does not carry", n.name));
            }
        }
    }
    let finite = bake.env.sun_direction.iter().chain(bake.env.shadow_bounds.iter().flatten()).all(|v| v.is_finite()) && bake.env.sun_strength.is_finite();
    if !finite || bake.lights.iter().any(|l| l.position.iter().chain(&l.direction).chain(&l.radiance).any(|v| !v.is_finite())) {
        return Err("its lighting has numbers that are not finite".into());
    }
    Ok(())
}

fn validate_frame(f: &Frame, nodes: usize, bones: usize) -> Result<(), String> {
    if f.nodes.len() != nodes {
        return Err(format!("it places {} nodes, the bake has {nodes}", f.nodes.len()));
    }
    if f.bones.len() != bones {
        return Err(format!("it poses {} bones, the bake's figures have {bones}", f.bones.len()));
    }
    let c = &f.camera;
    let numbers = f
        .nodes
        .iter()
        .chain(&f.bones)
        .flat_map(|x| x.translation.iter().chain(&x.rotation).chain(&x.scale))
        .chain(c.eye.iter().chain(&c.look_at))
        .chain([&c.fov_y_rad, &c.roll_rad, &c.focus_m, &c.f_number]);
    if numbers.into_iter().any(|v| !v.is_finite()) || !f.screen_time_secs.is_finite() || !(0.01..3.1).contains(&c.fov_y_rad) {
        return Err("it has numbers that are not finite, or a field of view outside 0.01 to 3.1 rad".into());
    }
    Ok(())
}
