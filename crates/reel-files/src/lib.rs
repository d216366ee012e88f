//! Writing outputs without losing or leaking files: temporary files that become an output
//! only when complete (and vanish on an error, a panic's unwinding, or SIGINT/SIGTERM/SIGHUP),
//! a sweep of the ones a killed process left, in-place rewrites that keep a file's identity
//! (`reel fmt`), and a private per-user folder for what reel keeps under the temp dir.
//!
//! Temp names follow one pattern, `.NAME.PID.reel-tmp[.EXT]` beside the output, so a later
//! run can tell its own leftovers (owned by the user, PID no longer running) from anything
//! else.

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const TEMP_MARK: &str = ".reel-tmp";

/// Paths to remove if the process is stopped by a signal: live temp files and folders.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn live() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Remove `path` (a file or a folder) if the process is stopped by a signal.
pub fn remove_on_signal(path: &Path) {
    live().insert(path.to_path_buf());
}

/// Undo `remove_on_signal`.
pub fn keep_on_signal(path: &Path) {
    live().remove(path);
}

/// A temporary path in the destination's folder (so the final rename is atomic).
pub fn temp_path_for(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let ext = out.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = format!(".{name}.{}{TEMP_MARK}{}{}", std::process::id(), if ext.is_empty() { "" } else { "." }, ext);
    out.with_file_name(tmp)
}

/// The PID in a name made by `temp_path_for`, if it is one.
fn temp_owner_pid(file_name: &str) -> Option<i32> {
    let stem = &file_name[..file_name.find(TEMP_MARK)?];
    let pid = &stem[stem.rfind('.')? + 1..];
    file_name.starts_with('.').then_some(())?;
    pid.parse().ok().filter(|&p: &i32| p > 0)
}

fn process_is_gone(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Remove temp files that reel processes now gone left in `dir`: only names of reel's own
/// pattern, owned by this user, plain files. Returns how many were removed.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    // SAFETY: getuid has no preconditions.
    let me = unsafe { libc::getuid() };
    let mut removed = 0;
    for e in entries.flatten().take(100_000) {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner_pid) else { continue };
        let Ok(meta) = e.path().symlink_metadata() else { continue };
        if meta.is_file() && meta.uid() == me && pid != std::process::id() as i32 && process_is_gone(pid) && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Remove folders `PREFIXPID` in `dir` that this user owns and whose process is gone: what
/// a killed `reel watch` (and older reels, under the temp dir) left.
pub fn sweep_stale_dirs(dir: &Path, prefixes: &[&str]) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    // SAFETY: getuid has no preconditions.
    let me = unsafe { libc::getuid() };
    let mut removed = 0;
    for e in entries.flatten().take(100_000) {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = prefixes.iter().find_map(|p| name.strip_prefix(p)).and_then(|n| n.parse::<i32>().ok()).filter(|&p| p > 0) else { continue };
        let Ok(meta) = e.path().symlink_metadata() else { continue };
        if meta.is_dir() && meta.uid() == me && process_is_gone(pid) && std::fs::remove_dir_all(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A temp file that becomes `out` on `commit`, and is removed otherwise (dropped, or the
/// process stopped by a signal once `install_signal_cleanup` ran).
pub struct TempFile {
    path: PathBuf,
    out: PathBuf,
}

impl TempFile {
    /// Reserve the temp path for `out` (nothing is created yet), after sweeping stale ones
    /// from `out`'s folder: once per folder and process, so a PNG sequence does not list its
    /// growing folder again for every frame.
    pub fn for_output(out: &Path) -> TempFile {
        static SWEPT: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
        let dir = match out.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if SWEPT.lock().unwrap_or_else(|p| p.into_inner()).insert(dir.to_path_buf()) {
            sweep_stale(dir);
        }
        let path = temp_path_for(out);
        remove_on_signal(&path);
        TempFile { path, out: out.to_path_buf() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Move the finished temp file onto its output.
    pub fn commit(self) -> std::io::Result<()> {
        std::fs::rename(&self.path, &self.out)
        // Drop removes the temp file if the rename failed, and forgets it either way.
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        keep_on_signal(&self.path);
    }
}

/// Write `bytes` to `out` atomically: all of it or, on any error, nothing (the old file is
/// left as it was, and no temp file stays). Errors name `out`.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = TempFile::for_output(out);
    let written = (|| {
        let mut f = std::fs::File::create(tmp.path())?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    written.and_then(|()| tmp.commit()).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// Replace the contents of an existing file while keeping what makes it that file: through a
/// symbolic link to its target, with its permissions and owner, and, for a file with several
/// hard links, in place (its space reserved first, so a full disk fails before anything
/// changes). Otherwise as `write_atomic`. Errors name `path`.
pub fn rewrite_in_place(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let target = std::fs::canonicalize(path).map_err(fail)?;
    let meta = std::fs::metadata(&target).map_err(fail)?;
    if meta.nlink() > 1 {
        let mut f = std::fs::OpenOptions::new().write(true).open(&target).map_err(fail)?;
        reserve(&f, bytes.len() as u64).map_err(fail)?;
        f.write_all(bytes).and_then(|()| f.set_len(bytes.len() as u64)).and_then(|()| f.sync_all()).map_err(fail)?;
        return Ok(());
    }
    let tmp = TempFile::for_output(&target);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(tmp.path())?;
        f.write_all(bytes)?;
        // SAFETY: fchown on a file descriptor we own; failure (not root) is fine when the
        // owner is already us, which is the common case.
        unsafe {
            use std::os::fd::AsRawFd;
            libc::fchown(f.as_raw_fd(), meta.uid(), meta.gid());
        }
        f.set_permissions(std::fs::Permissions::from_mode(meta.permissions().mode()))?;
        f.sync_all()
    })();
    written.and_then(|()| tmp.commit()).map_err(fail)
}

/// Reserve `len` bytes of disk for `f` (posix_fallocate), so writing them cannot run out.
fn reserve(f: &std::fs::File, len: u64) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: posix_fallocate on a file descriptor we own.
    let r = unsafe { libc::posix_fallocate(f.as_raw_fd(), 0, len as libc::off_t) };
    match r {
        0 => Ok(()),
        // Filesystems without fallocate: write and hope, as any editor does.
        libc::EOPNOTSUPP | libc::EINVAL => Ok(()),
        e => Err(std::io::Error::from_raw_os_error(e)),
    }
}

/// A folder only this user can use, `TMPDIR/reel-UID`, made with mode 0700; an existing one
/// is used only if it is a real folder (not a link), owned by this user and closed to others.
pub fn private_dir() -> Result<PathBuf, String> {
    private_dir_in(&std::env::temp_dir())
}

/// `private_dir` under `base`.
pub fn private_dir_in(base: &Path) -> Result<PathBuf, String> {
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    let dir = base.join(format!("reel-{uid}"));
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
    }
    let meta = dir.symlink_metadata().map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
        return Err(format!("{} is not a private folder of this user (a link, another owner, or open to others); remove it", dir.display()));
    }
    Ok(dir)
}

/// Stop SIGINT, SIGTERM and SIGHUP from killing the process outright: a thread waits for
/// them, removes every live temp file and folder, then ends the process as the signal would
/// have. Call first thing in `main`, before any other thread starts (they inherit the mask).
pub fn install_signal_cleanup() {
    // SAFETY: building a signal set and blocking it in this (the only) thread; the waiting
    // thread then receives the signals synchronously with sigwait, so no handler runs
    // async-signal-unsafe code.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, s);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        let spawned = std::thread::Builder::new().name("reel-signals".into()).spawn(move || {
            let mut sig: libc::c_int = 0;
            if libc::sigwait(&set, &mut sig) != 0 {
                return;
            }
            for p in std::mem::take(&mut *live()) {
                if p.is_dir() {
                    let _ = std::fs::remove_dir_all(&p);
                } else {
                    let _ = std::fs::remove_file(&p);
                }
            }
            // Die of the signal itself, so the parent sees how the process ended.
            libc::signal(sig, libc::SIG_DFL);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::raise(sig);
            libc::_exit(128 + sig);
        });
        if spawned.is_err() {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_their_pid() {
        let p = temp_path_for(Path::new("/x/out.v1.mp4"));
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(temp_owner_pid(name), Some(std::process::id() as i32));
        assert_eq!(temp_owner_pid("out.mp4"), None);
        assert_eq!(temp_owner_pid(".a.reel-tmp"), None);
        assert_eq!(temp_owner_pid("x.123.reel-tmp.mp4"), None, "not hidden: not ours");
    }
}
