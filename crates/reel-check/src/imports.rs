//! `use`: the stdlib's modules and `.scene` files from the scene's own folder (checked by a
//! sub-checker), and what only the stdlib may declare.

use super::*;
use std::path::Path;

impl Checker<'_> {
    pub(crate) fn use_decl(&mut self, u: &ast::UseDecl) {
        if u.path.first().is_some_and(|p| p.name != "std") {
            self.use_local(u);
            return;
        }
        let mut names: Vec<(String, &Ident)> = Vec::new();
        if u.group.is_empty() {
            if let Some((last, parent)) = u.path.split_last() {
                let module = parent.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(".");
                names.push((module, last));
            }
        } else {
            let module = u.path.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(".");
            for g in &u.group {
                names.push((module.clone(), g));
            }
        }
        for (module, item) in names {
            let modules = lib().modules();
            let Some(items) = modules.iter().find(|m| **m == module).map(|m| lib().module_items(m)) else {
                let span = u.path.first().map(|f| f.span.join(u.path.last().unwrap().span)).unwrap_or(u.span);
                let mut d = Diag::error(Code::E0105, span, format!("unknown module `{module}`")).label("no such module");
                d = match suggest(&module, modules.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("the standard library has: {}", modules.join(", "))),
                };
                self.err(d);
                return;
            };
            if !items.contains(&item.name.as_str()) {
                let mut d = Diag::error(Code::E0105, item.span, format!("`{module}` has no `{}`", item.name)).label("not in this module");
                d = match suggest(&item.name, items.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("`{module}` has: {}", items.join(", "))),
                };
                self.err(d);
                continue;
            }
            self.imported.insert(item.name.clone());
        }
    }

    /// `use NAME`: the declarations of `NAME.scene` in the scene's own folder.
    pub(crate) fn use_local(&mut self, u: &ast::UseDecl) {
        let whole = u.path.first().map(|f| f.span.join(u.path.last().unwrap().span)).unwrap_or(u.span);
        if u.path.len() != 1 || !u.group.is_empty() {
            self.err(
                Diag::error(Code::E0111, whole, "only the standard library and files in this scene's folder can be used")
                    .label("outside the stdlib and this folder")
                    .help("write `use std.MODULE.ITEM` for the stdlib, or `use NAME` for NAME.scene beside this file"),
            );
            return;
        }
        let name = &u.path[0].name;
        let Some(dir) = self.dir.clone() else {
            self.err(
                Diag::error(Code::E0110, whole, format!("there is no folder to find `{name}.scene` in"))
                    .label("not a stdlib module")
                    .help("this text was not read from a file; save it beside the file it uses"),
            );
            return;
        };
        let path = dir.join(format!("{name}.scene"));
        let world = self.world.unwrap_or(&crate::Disk);
        let (Some(real), Some(real_dir)) = (world.canonical(&path), world.canonical(&dir)) else {
            let mut d = Diag::error(Code::E0110, whole, format!("no file `{name}.scene` in this scene's folder")).label("not found");
            let local = world.scene_names(&dir);
            let stdlib = lib().modules();
            d = match suggest(name, local.iter().map(|s| s.as_str()).chain(stdlib.iter().copied())) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("`use NAME` reads NAME.scene beside this file; the stdlib has {}", stdlib.join(", "))),
            };
            self.err(d);
            return;
        };
        if real.parent() != Some(real_dir.as_path()) {
            self.err(
                Diag::error(Code::E0111, whole, format!("`{name}.scene` leads outside this scene's folder"))
                    .label("a link to a file elsewhere")
                    .help("copy the file into this scene's folder"),
            );
            return;
        }
        if self.using.contains(&real) || self.using.len() >= MAX_USE_DEPTH {
            self.err(
                Diag::error(Code::E0110, whole, format!("`{name}.scene` uses itself, through a loop of `use`s or more than {MAX_USE_DEPTH} deep"))
                    .label("used in a loop")
                    .help("used files may use others, but not in a loop"),
            );
            return;
        }
        let bytes = match world.read(&real) {
            Ok(b) => b,
            Err(e) => {
                self.err(Diag::error(Code::E0110, whole, format!("cannot read `{name}.scene`: {e}")).label("unreadable"));
                return;
            }
        };
        let (src, bad) = crate::decode_source(bytes);
        let (ast, mut diags) = reel_syntax::parse(&src);
        // Named as the user would write it: `set.scene` beside a scene in the working folder.
        let shown = if dir == Path::new(".") { PathBuf::from(format!("{name}.scene")) } else { path.clone() };
        let file = self.sources.add(shown.display().to_string(), src);
        let mut sub = Checker {
            world: self.world,
            sources: std::mem::take(&mut self.sources),
            dir: Some(dir),
            using: self.using.iter().cloned().chain([real]).collect(),
            ..Checker::default()
        };
        let scene = sub.file(&ast);
        self.sources = std::mem::take(&mut sub.sources);
        diags.extend(bad);
        diags.extend(sub.diags.drain(..));
        // Its errors point into it (stamped with its file), and one more here says the
        // `use` failed; its warnings are its own business.
        let mut errors: Vec<Diag> = diags.into_iter().filter(|d| d.severity == reel_diag::Severity::Error).map(|d| d.in_file(file)).collect();
        errors.sort_by_key(|d| (d.span.file, d.span.start));
        if let Some(first) = errors.first() {
            let at = self.sources.get(first.span.file);
            let (line, col) = reel_diag::line_col(&at.text, first.span.start);
            let d = Diag::error(
                Code::E0110,
                whole,
                format!("`{name}.scene` has {} error(s); the first, at {}:{line}:{col}: {}", errors.len(), at.name, first.message),
            )
            .label("this file does not check")
            .with(first.span, "the first error");
            self.err(d.help(format!("run `reel check {}`", shown.display())));
            self.diags.extend(errors);
            return;
        }
        // Take its declarations as if written here, at the `use`.
        let Some(scene) = scene else { return };
        let at = |n: &str| Ident { name: n.to_string(), span: whole };
        for (p, arch) in scene.props.into_iter().zip(std::mem::take(&mut sub.prop_archetypes)) {
            self.prop_archetypes.push(arch);
            self.declare(&at(&p.name), EntityKind::Prop, self.props.len());
            self.props.push(p);
        }
        for (a, arch) in scene.actors.into_iter().zip(std::mem::take(&mut sub.actor_archetypes)) {
            self.declare(&at(&a.name), EntityKind::Actor, self.actors.len());
            self.actor_archetypes.push(arch);
            self.actors.push(a);
        }
        for l in scene.lights {
            self.declare(&at(&l.name), EntityKind::Light, self.lights.len());
            self.lights.push(l);
        }
        for c in scene.cameras {
            self.declare(&at(&c.name), EntityKind::Camera, self.cameras.len());
            self.cameras.push(c);
        }
        self.imported.extend(sub.imported);
    }

    /// In a used file: only declarations.
    pub(crate) fn module_only(&mut self, span: Span, what: &str) -> bool {
        if self.using.is_empty() {
            return false;
        }
        let span = Span::new(span.start, span.start + what.len().min(span.end - span.start));
        self.err(
            Diag::error(Code::E0110, span, format!("a used file holds declarations only, not `{what}`"))
                .label("not in a used file")
                .help("keep `scene`, `world` and `timeline` in the scene that uses this file"),
        );
        true
    }

    pub(crate) fn archetype(&mut self, arch: &Ident, class: &str, what: &str) -> bool {
        let allowed = lib().archetypes_of(class);
        if !allowed.contains(&arch.name.as_str()) {
            let mut d = Diag::error(Code::E0106, arch.span, format!("`{}` is not {what} archetype", arch.name)).label("unknown archetype");
            d = match suggest(&arch.name, allowed.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("known archetypes: {}", allowed.join(", "))),
            };
            self.err(d);
            return false;
        }
        if !self.imported.contains(&arch.name) {
            let module = lib().archetype(&arch.name).map(|a| a.module).unwrap_or("std");
            let d = Diag::error(Code::E0106, arch.span, format!("`{}` is not imported", arch.name))
                .label("not in scope")
                .help(format!("add `use {module}.{}` at the top of the file", arch.name));
            self.err(d);
            return false;
        }
        true
    }

    pub(crate) fn stdlib_only(&mut self, span: Span, what: &str) {
        let span = Span::new(span.start, span.start + what.len().min(span.end - span.start));
        self.err(
            Diag::error(Code::E0109, span, format!("`{what}` declarations belong in the standard library"))
                .label("not allowed in a scene")
                .help("use the archetypes and motions of `stdlib/*.scene`; `reel explain E0109` says how to read them"),
        );
    }
}
