//! The texts a compile read, by `FileId`: the scene itself (`MAIN`), then each file it
//! `use`s and any stdlib file with a problem. Renderers look a span's file up here.

use crate::FileId;

/// One source text and the name a report gives it (a path as the user wrote it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    /// Sources holding only the main file.
    pub fn single(name: impl Into<String>, text: impl Into<String>) -> Sources {
        Sources { files: vec![Source { name: name.into(), text: text.into() }] }
    }

    /// Add a file; its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(Source { name: name.into(), text: text.into() });
        FileId(self.files.len() as u32 - 1)
    }

    /// The file of `id`; an unknown id reads as an empty, unnamed file.
    pub fn get(&self, id: FileId) -> &Source {
        static NONE: Source = Source { name: String::new(), text: String::new() };
        self.files.get(id.0 as usize).unwrap_or(&NONE)
    }

    pub fn main(&self) -> &Source {
        self.get(FileId::MAIN)
    }

    /// The main file's name, as reports give it.
    pub fn set_main_name(&mut self, name: impl Into<String>) {
        if let Some(f) = self.files.first_mut() {
            f.name = name.into();
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// (id, file) for every file.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Source)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}
