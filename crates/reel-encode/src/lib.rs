//! Encode: frames → files. The only module that knows ffmpeg. Every output is written to a
//! temporary file beside its destination and renamed into place on success, so a failed or
//! killed render never leaves a partial file under the output name.

pub mod board;
pub mod concat;

use ffmpeg_next as ffmpeg;
use reel_files::TempFile;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct EncodeError(pub String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for EncodeError {}

fn err(what: &str) -> impl Fn(ffmpeg::Error) -> EncodeError + '_ {
    move |e| EncodeError(format!("{what}: {e}"))
}

/// Write RGBA8 pixels as a PNG, atomically.
pub fn write_png(out: &Path, width: u32, height: u32, rgba: &[u8]) -> Result<(), EncodeError> {
    let tmp = TempFile::for_output(out);
    image::save_buffer_with_format(tmp.path(), rgba, width, height, image::ExtendedColorType::Rgba8, image::ImageFormat::Png)
        .map_err(|e| EncodeError(format!("cannot write {}: {e}", out.display())))?;
    tmp.commit().map_err(|e| EncodeError(format!("cannot move the PNG into {}: {e}", out.display())))
}

/// Copy tightly packed rows of `row` bytes into plane `plane` of `frame` (whose rows are
/// `stride` apart).
fn copy_plane(frame: &mut ffmpeg::frame::Video, plane: usize, src: &[u8], row: usize) {
    let stride = frame.stride(plane);
    let data = frame.data_mut(plane);
    for (y, line) in src.chunks_exact(row).enumerate() {
        data[y * stride..y * stride + row].copy_from_slice(line);
    }
}

/// Frames in one group of pictures: a keyframe every second of video, and nowhere else (no
/// scene-cut keyframes). Groups are closed, frame types follow a fixed pattern and each
/// frame has a constant quantiser (CRF's rate control carries state from group to group), so
/// a group's frames depend on its frames alone: chunks that start on a group (`chunk_range`)
/// decode to the very frames of the whole render. With x264's threads fixed too, any core
/// count gives the same bytes.
pub fn gop_frames(fps: u32) -> usize {
    fps.max(1) as usize
}

/// x264's threads, fixed so that the output does not depend on the machine's cores (x264's
/// frame threads change its decisions). Four keeps two cores busy.
const X264_THREADS: &str = "4";

/// Chunk `k` of `n` of `total` frames, cut on group boundaries (`gop_frames`). `None` when
/// there are fewer groups than chunks.
pub fn chunk_range(k: usize, n: usize, total: usize, gop: usize) -> Option<std::ops::Range<usize>> {
    let groups = total.div_ceil(gop.max(1));
    if n == 0 || k >= n || n > groups {
        return None;
    }
    let at = |c: usize| (c * groups / n * gop).min(total);
    Some(at(k)..at(k + 1))
}

/// Streams frames into an H.264 (yuv420p, High profile) MP4 with libx264: NV12 frames as
/// they are (x264 takes them without conversion), RGBA frames through swscale.
pub struct Mp4Writer {
    octx: ffmpeg::format::context::Output,
    encoder: ffmpeg::encoder::Video,
    frame_tb: ffmpeg::Rational,
    scaler: ffmpeg::software::scaling::Context,
    rgba: ffmpeg::frame::Video,
    yuv: ffmpeg::frame::Video,
    stream_tb: ffmpeg::Rational,
    next_pts: i64,
    tmp: TempFile,
}

#[derive(Clone)]
struct EncoderSettings {
    width: u32,
    height: u32,
    fps: u32,
    quality: u32,
    preset: String,
    global_header: bool,
}

impl EncoderSettings {
    fn frame_tb(&self) -> ffmpeg::Rational {
        ffmpeg::Rational(1, self.fps as i32)
    }

    fn open(&self, codec: ffmpeg::Codec) -> Result<ffmpeg::encoder::Video, EncodeError> {
        let mut enc = ffmpeg::codec::context::Context::new_with_codec(codec).encoder().video().map_err(err("cannot make an encoder"))?;
        enc.set_width(self.width);
        enc.set_height(self.height);
        // NV12 is x264's own layout for 4:2:0; the stream is the same 4:2:0 H.264 either way.
        enc.set_format(ffmpeg::format::Pixel::NV12);
        enc.set_time_base(self.frame_tb());
        enc.set_frame_rate(Some(ffmpeg::Rational(self.fps as i32, 1)));
        enc.set_colorspace(ffmpeg::util::color::Space::SMPTE170M);
        enc.set_color_range(ffmpeg::util::color::Range::MPEG);
        if self.global_header {
            enc.set_flags(ffmpeg::codec::Flags::GLOBAL_HEADER);
        }
        let gop = gop_frames(self.fps);
        let mut opts = ffmpeg::Dictionary::new();
        opts.set("preset", &self.preset);
        opts.set("qp", &self.quality.min(51).to_string());
        opts.set("profile", "high");
        opts.set("threads", X264_THREADS);
        opts.set("x264-params", &format!("keyint={gop}:min-keyint={gop}:scenecut=0:open-gop=0:b-adapt=0"));
        enc.open_with(opts).map_err(err("cannot open the H.264 encoder"))
    }
}

impl Mp4Writer {
    /// `quality`: x264's constant quantiser, 0 (lossless) .. 51 (18 looks lossless, 28 is
    /// small); see `gop_frames` for why not its CRF.
    pub fn create(out: &Path, width: u32, height: u32, fps: u32, quality: u32) -> Result<Mp4Writer, EncodeError> {
        Self::create_with_preset(out, width, height, fps, quality, "veryfast")
    }

    pub fn create_with_preset(out: &Path, width: u32, height: u32, fps: u32, quality: u32, preset: &str) -> Result<Mp4Writer, EncodeError> {
        if width % 2 == 1 || height % 2 == 1 {
            return Err(EncodeError(format!("H.264 yuv420p needs even dimensions, got {width}x{height}")));
        }
        if fps == 0 {
            return Err(EncodeError("a video needs a frame rate of 1 or more".into()));
        }
        ffmpeg::init().map_err(err("cannot start ffmpeg"))?;
        ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Error);
        let tmp = TempFile::for_output(out);
        let mut octx = ffmpeg::format::output_as(tmp.path(), "mp4").map_err(|e| EncodeError(format!("cannot create {}: {e}", out.display())))?;
        let global_header = octx.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);
        let codec = ffmpeg::encoder::find_by_name("libx264")
            .or_else(|| ffmpeg::encoder::find(ffmpeg::codec::Id::H264))
            .ok_or_else(|| EncodeError("this ffmpeg has no H.264 encoder (Debian: libavcodec-extra or libavcodec59 with libx264)".into()))?;
        let settings = EncoderSettings { width, height, fps, quality, preset: preset.to_string(), global_header };
        let frame_tb = settings.frame_tb();
        let mut ost = octx.add_stream(codec).map_err(err("cannot add a video stream"))?;
        let encoder = settings.open(codec)?;
        ost.set_parameters(&encoder);
        ost.set_time_base(frame_tb);
        let mut hopts = ffmpeg::Dictionary::new();
        hopts.set("movflags", "+faststart");
        octx.write_header_with(hopts).map_err(err("cannot write the MP4 header"))?;
        let stream_tb = octx.stream(0).map(|s| s.time_base()).unwrap_or(frame_tb);
        let scaler = ffmpeg::software::scaling::Context::get(
            ffmpeg::format::Pixel::RGBA,
            width,
            height,
            ffmpeg::format::Pixel::NV12,
            width,
            height,
            ffmpeg::software::scaling::Flags::BILINEAR | ffmpeg::software::scaling::Flags::ACCURATE_RND,
        )
        .map_err(err("cannot set up colour conversion"))?;
        Ok(Mp4Writer {
            octx,
            encoder,
            frame_tb,
            scaler,
            rgba: ffmpeg::frame::Video::new(ffmpeg::format::Pixel::RGBA, width, height),
            yuv: ffmpeg::frame::Video::new(ffmpeg::format::Pixel::NV12, width, height),
            stream_tb,
            next_pts: 0,
            tmp,
        })
    }

    /// Append one frame of tightly packed RGBA8 rows, top first.
    pub fn push_rgba(&mut self, rgba: &[u8]) -> Result<(), EncodeError> {
        let (w, h) = (self.rgba.width() as usize, self.rgba.height() as usize);
        if rgba.len() != w * h * 4 {
            return Err(EncodeError(format!("frame has {} bytes, expected {}", rgba.len(), w * h * 4)));
        }
        copy_plane(&mut self.rgba, 0, rgba, w * 4);
        self.scaler.run(&self.rgba, &mut self.yuv).map_err(err("colour conversion failed"))?;
        self.send()
    }

    /// Append one NV12 frame (see `render::Layout::Nv12`): `width` x `height` bytes of Y,
    /// then `height / 2` rows of `width` bytes of interleaved Cb Cr.
    pub fn push_nv12(&mut self, nv12: &[u8]) -> Result<(), EncodeError> {
        let (w, h) = (self.yuv.width() as usize, self.yuv.height() as usize);
        if nv12.len() != w * h * 3 / 2 {
            return Err(EncodeError(format!("NV12 frame has {} bytes, expected {}", nv12.len(), w * h * 3 / 2)));
        }
        let (luma, chroma) = nv12.split_at(w * h);
        copy_plane(&mut self.yuv, 0, luma, w);
        copy_plane(&mut self.yuv, 1, chroma, w);
        self.send()
    }

    fn send(&mut self) -> Result<(), EncodeError> {
        self.yuv.set_pts(Some(self.next_pts));
        self.next_pts += 1;
        self.encoder.send_frame(&self.yuv).map_err(err("encoding failed"))?;
        self.drain()
    }

    fn drain(&mut self) -> Result<(), EncodeError> {
        let mut packet = ffmpeg::Packet::empty();
        while self.encoder.receive_packet(&mut packet).is_ok() {
            packet.set_stream(0);
            // Each packet lasts one frame; without it the last frame is dropped from the length.
            packet.set_duration(1);
            packet.rescale_ts(self.frame_tb, self.stream_tb);
            packet.write_interleaved(&mut self.octx).map_err(err("writing the MP4 failed"))?;
        }
        Ok(())
    }

    pub fn frames_written(&self) -> i64 {
        self.next_pts
    }

    /// Flush the encoder, finish the file and move it into place.
    pub fn finish(mut self) -> Result<(), EncodeError> {
        self.encoder.send_eof().map_err(err("flushing the encoder failed"))?;
        self.drain()?;
        self.octx.write_trailer().map_err(err("finishing the MP4 failed"))?;
        let Mp4Writer { octx, tmp, .. } = self;
        drop(octx);
        tmp.commit().map_err(|e| EncodeError(format!("cannot move the video into place: {e}")))
    }
}

/// Where rendered frames go: chosen by the output name.
pub trait FrameSink {
    fn push_rgba(&mut self, rgba: &[u8]) -> Result<(), EncodeError>;
    /// An NV12 frame, for sinks that `layout_for` gives NV12.
    fn push_nv12(&mut self, _nv12: &[u8]) -> Result<(), EncodeError> {
        Err(EncodeError("this output takes RGBA frames".into()))
    }
    fn finish(self: Box<Self>) -> Result<(), EncodeError>;
}

impl FrameSink for Mp4Writer {
    fn push_rgba(&mut self, rgba: &[u8]) -> Result<(), EncodeError> {
        Mp4Writer::push_rgba(self, rgba)
    }
    fn push_nv12(&mut self, nv12: &[u8]) -> Result<(), EncodeError> {
        Mp4Writer::push_nv12(self, nv12)
    }
    fn finish(self: Box<Self>) -> Result<(), EncodeError> {
        Mp4Writer::finish(*self)
    }
}

/// An animated GIF (palette per frame), written to a temporary file and renamed.
pub struct GifWriter {
    encoder: Option<image::codecs::gif::GifEncoder<std::io::BufWriter<std::fs::File>>>,
    width: u32,
    height: u32,
    fps: u32,
    tmp: Option<TempFile>,
}

impl GifWriter {
    pub fn create(out: &Path, width: u32, height: u32, fps: u32) -> Result<GifWriter, EncodeError> {
        let tmp = TempFile::for_output(out);
        let file = std::fs::File::create(tmp.path()).map_err(|e| EncodeError(format!("cannot create {}: {e}", out.display())))?;
        let mut encoder = image::codecs::gif::GifEncoder::new_with_speed(std::io::BufWriter::new(file), 10);
        encoder.set_repeat(image::codecs::gif::Repeat::Infinite).map_err(|e| EncodeError(e.to_string()))?;
        Ok(GifWriter { encoder: Some(encoder), width, height, fps, tmp: Some(tmp) })
    }
}

impl FrameSink for GifWriter {
    fn push_rgba(&mut self, rgba: &[u8]) -> Result<(), EncodeError> {
        let img = image::RgbaImage::from_raw(self.width, self.height, rgba.to_vec()).ok_or_else(|| EncodeError("frame has the wrong size".into()))?;
        let delay = image::Delay::from_numer_denom_ms(1000, self.fps.max(1));
        self.encoder
            .as_mut()
            .expect("not finished")
            .encode_frame(image::Frame::from_parts(img, 0, 0, delay))
            .map_err(|e| EncodeError(format!("writing the GIF failed: {e}")))
    }
    fn finish(mut self: Box<Self>) -> Result<(), EncodeError> {
        drop(self.encoder.take());
        self.tmp.take().expect("not finished").commit().map_err(|e| EncodeError(format!("cannot move the GIF into place: {e}")))
    }
}

/// A folder of numbered PNGs, `frame_00000.png` … (numbered by the frame's index in the
/// whole video, so chunks rendered apart fit together).
pub struct PngSequence {
    dir: PathBuf,
    width: u32,
    height: u32,
    next: usize,
}

impl PngSequence {
    pub fn create(dir: &Path, width: u32, height: u32, first_frame: usize) -> Result<PngSequence, EncodeError> {
        std::fs::create_dir_all(dir).map_err(|e| EncodeError(format!("cannot create {}: {e}", dir.display())))?;
        Ok(PngSequence { dir: dir.to_path_buf(), width, height, next: first_frame })
    }
}

impl FrameSink for PngSequence {
    fn push_rgba(&mut self, rgba: &[u8]) -> Result<(), EncodeError> {
        write_png(&self.dir.join(format!("frame_{:05}.png", self.next)), self.width, self.height, rgba)?;
        self.next += 1;
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<(), EncodeError> {
        Ok(())
    }
}

/// The kind of output a path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Mp4,
    Gif,
    PngSequence,
}

impl OutputKind {
    pub fn for_path(out: &Path) -> Result<OutputKind, EncodeError> {
        let s = out.to_string_lossy();
        if s.ends_with('/') || out.is_dir() {
            return Ok(OutputKind::PngSequence);
        }
        match out.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
            Some("mp4") => Ok(OutputKind::Mp4),
            Some("gif") => Ok(OutputKind::Gif),
            _ => Err(EncodeError(format!("cannot tell what to write from `{s}`: use a .mp4 or .gif name, or a folder ending in / for PNG frames"))),
        }
    }
}

/// The frame layout the sink for `out` takes: NV12 for an MP4 (converted on the device),
/// RGBA for the rest. (An odd-sized MP4 gets RGBA and then the encoder's own error.)
pub fn layout_for(out: &Path, width: u32, height: u32) -> reel_bake::Layout {
    match OutputKind::for_path(out) {
        Ok(OutputKind::Mp4) if width.is_multiple_of(2) && height.is_multiple_of(2) => reel_bake::Layout::Nv12,
        _ => reel_bake::Layout::Rgba,
    }
}

/// Open the sink for `out`. `first_frame` numbers PNG sequences.
pub fn open_sink(out: &Path, width: u32, height: u32, fps: u32, crf: u32, first_frame: usize) -> Result<Box<dyn FrameSink>, EncodeError> {
    Ok(match OutputKind::for_path(out)? {
        OutputKind::Mp4 => Box::new(Mp4Writer::create(out, width, height, fps, crf)?),
        OutputKind::Gif => Box::new(GifWriter::create(out, width, height, fps)?),
        OutputKind::PngSequence => Box::new(PngSequence::create(out, width, height, first_frame)?),
    })
}
