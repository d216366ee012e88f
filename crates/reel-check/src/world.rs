//! The one seam through which checking reads anything besides the text it is given: a
//! `World` finds and reads the files a scene `use`s. `Disk` reads the file system (the CLI,
//! watch); `Overlay` puts an editor's open buffers over the disk (the language server), so
//! a used file is checked as it is on screen, saved or not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub trait World {
    /// `path` made canonical (links resolved) when it exists, for finding `use` loops and
    /// keeping `use` inside the scene's folder.
    fn canonical(&self, path: &Path) -> Option<PathBuf>;
    /// The bytes of a canonical path; an error says why not. Files over
    /// `reel_syntax::MAX_SOURCE_BYTES` are refused unread.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;
    /// The `NAME` of every `NAME.scene` in `dir`, for "did you mean".
    fn scene_names(&self, dir: &Path) -> Vec<String>;
}

/// The file system.
pub struct Disk;

impl World for Disk {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match std::fs::metadata(path) {
            Ok(m) if m.len() > reel_syntax::MAX_SOURCE_BYTES as u64 => Err("too large".to_string()),
            _ => std::fs::read(path).map_err(|e| e.to_string()),
        }
    }

    fn scene_names(&self, dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".scene").map(str::to_string)).collect())
            .unwrap_or_default()
    }
}

/// Open buffers (by absolute path) over the disk: a buffer is read instead of its file,
/// and a buffer never saved is found as if it were on disk.
pub struct Overlay<'a> {
    buffers: BTreeMap<PathBuf, &'a str>,
}

impl<'a> Overlay<'a> {
    /// `buffers`: (absolute path, text). Paths are made canonical where their file exists,
    /// so a buffer opened through a link still stands for its file.
    pub fn new(buffers: impl IntoIterator<Item = (PathBuf, &'a str)>) -> Overlay<'a> {
        Overlay { buffers: buffers.into_iter().map(|(p, t)| (p.canonicalize().unwrap_or(p), t)).collect() }
    }
}

impl World for Overlay<'_> {
    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        // A buffer never saved, or the folder of one, stands as it is.
        let buffered = self.buffers.keys().any(|p| p == path || p.parent() == Some(path));
        Disk.canonical(path).or_else(|| buffered.then(|| path.to_path_buf()))
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match self.buffers.get(path) {
            Some(text) if text.len() > reel_syntax::MAX_SOURCE_BYTES => Err("too large".to_string()),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => Disk.read(path),
        }
    }

    fn scene_names(&self, dir: &Path) -> Vec<String> {
        let mut names = Disk.scene_names(dir);
        let dir = Disk.canonical(dir).unwrap_or_else(|| dir.to_path_buf());
        for p in self.buffers.keys().filter(|p| p.parent() == Some(dir.as_path())) {
            if let Some(n) = p.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".scene")) {
                if !names.iter().any(|m| m == n) {
                    names.push(n.to_string());
                }
            }
        }
        names
    }
}
