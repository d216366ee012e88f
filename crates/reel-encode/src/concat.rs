//! `reel concat`: join MP4 chunks (rendered apart from one bake) into one video by copying
//! their H.264 packets, without re-encoding. Every chunk must have the same codec, size and
//! frame rate; each one's timestamps are shifted to follow the one before, so the frames
//! play back to back at the chunks' own rate.

use super::{err, EncodeError};
use ffmpeg_next as ffmpeg;
use reel_files::TempFile;
use std::path::Path;

/// What a chunk must share with the first one.
#[derive(Debug, PartialEq)]
struct Shape {
    codec: ffmpeg::codec::Id,
    width: u32,
    height: u32,
    rate: ffmpeg::Rational,
}

fn shape_of(stream: &ffmpeg::format::stream::Stream) -> Result<Shape, EncodeError> {
    let ctx = ffmpeg::codec::context::Context::from_parameters(stream.parameters()).map_err(err("cannot read a stream's parameters"))?;
    let v = ctx.decoder().video().map_err(err("not a video stream"))?;
    Ok(Shape { codec: v.id(), width: v.width(), height: v.height(), rate: stream.rate() })
}

/// Join `inputs` into `out` (atomically). Returns how many video packets (frames) it holds.
pub fn concat(inputs: &[&Path], out: &Path) -> Result<usize, EncodeError> {
    if inputs.is_empty() {
        return Err(EncodeError("give at least one chunk to join".into()));
    }
    ffmpeg::init().map_err(err("cannot start ffmpeg"))?;
    // A broken chunk is reported below in one line, not in ffmpeg's words.
    ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Fatal);
    for path in inputs {
        verify(path)?;
    }
    let tmp = TempFile::for_output(out);
    let n = join(inputs, tmp.path(), out)?;
    tmp.commit().map_err(|e| EncodeError(format!("cannot move the video into {}: {e}", out.display())))?;
    Ok(n)
}

/// Check that a chunk is whole: its video decodes to the end without an error, into as many
/// frames as its header says it has. A chunk cut short (a render killed while copying, a
/// partial upload) is refused, so a join never drops frames silently.
fn verify(path: &Path) -> Result<(), EncodeError> {
    let bad = |why: String| EncodeError(format!("{} is not a whole chunk: {why}; render it again", path.display()));
    let mut ictx = ffmpeg::format::input(&path).map_err(|e| EncodeError(format!("cannot read {}: {e}", path.display())))?;
    let (index, promised, params) = {
        let s = ictx.streams().best(ffmpeg::media::Type::Video).ok_or_else(|| EncodeError(format!("{} has no video", path.display())))?;
        (s.index(), s.frames(), s.parameters())
    };
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(params).and_then(|c| c.decoder().video()).map_err(err("cannot decode a chunk"))?;
    let mut frame = ffmpeg::frame::Video::empty();
    let (mut packets, mut decoded) = (0i64, 0i64);
    let mut receive = |decoder: &mut ffmpeg::decoder::Video, decoded: &mut i64| {
        while decoder.receive_frame(&mut frame).is_ok() {
            *decoded += 1;
        }
    };
    for (stream, packet) in ictx.packets() {
        if stream.index() != index {
            continue;
        }
        packets += 1;
        decoder.send_packet(&packet).map_err(|e| bad(format!("frame {} does not decode ({e})", packets - 1)))?;
        receive(&mut decoder, &mut decoded);
    }
    decoder.send_eof().map_err(|e| bad(format!("its end does not decode ({e})")))?;
    receive(&mut decoder, &mut decoded);
    if promised > 0 && packets != promised {
        return Err(bad(format!("its header promises {promised} frames, {packets} are there")));
    }
    if decoded != packets {
        return Err(bad(format!("{packets} frames are stored, {decoded} decode")));
    }
    Ok(())
}

fn join(inputs: &[&Path], tmp: &Path, out: &Path) -> Result<usize, EncodeError> {
    let open = |p: &Path| ffmpeg::format::input(&p).map_err(|e| EncodeError(format!("cannot read {}: {e}", p.display())));
    let first = open(inputs[0])?;
    let first_stream = first.streams().best(ffmpeg::media::Type::Video).ok_or_else(|| EncodeError(format!("{} has no video", inputs[0].display())))?;
    let shape = shape_of(&first_stream)?;
    let mut octx = ffmpeg::format::output_as(&tmp, "mp4").map_err(|e| EncodeError(format!("cannot create {}: {e}", out.display())))?;
    {
        let mut ost = octx.add_stream(ffmpeg::encoder::find(ffmpeg::codec::Id::None)).map_err(err("cannot add a video stream"))?;
        ost.set_parameters(first_stream.parameters());
        ost.set_time_base(first_stream.time_base());
        ost.set_avg_frame_rate(first_stream.avg_frame_rate());
        // SAFETY: clearing the codec tag of the stream we just added, so the MP4 muxer picks
        // its own (as ffmpeg's remuxing example does); the pointer is valid while `ost` is.
        unsafe {
            (*ost.parameters().as_mut_ptr()).codec_tag = 0;
        }
    }
    drop(first);
    let mut hopts = ffmpeg::Dictionary::new();
    hopts.set("movflags", "+faststart");
    octx.write_header_with(hopts).map_err(err("cannot write the MP4 header"))?;
    let out_tb = octx.stream(0).map(|s| s.time_base()).ok_or_else(|| EncodeError("the output lost its stream".into()))?;
    // Where the next chunk's first packet goes, in the output's time base.
    let mut next_dts: Option<i64> = None;
    let mut frames = 0usize;
    for path in inputs {
        let mut ictx = open(path)?;
        let (index, tb) = {
            let s = ictx.streams().best(ffmpeg::media::Type::Video).ok_or_else(|| EncodeError(format!("{} has no video", path.display())))?;
            let got = shape_of(&s)?;
            if got != shape {
                return Err(EncodeError(format!(
                    "{} is {}x{} {:?} at {} fps; the first chunk is {}x{} {:?} at {} fps: chunks must come from one bake",
                    path.display(),
                    got.width,
                    got.height,
                    got.codec,
                    got.rate,
                    shape.width,
                    shape.height,
                    shape.codec,
                    shape.rate
                )));
            }
            (s.index(), s.time_base())
        };
        let mut offset: Option<i64> = None;
        let mut last_end = next_dts.unwrap_or(0);
        for (stream, mut packet) in ictx.packets() {
            if stream.index() != index {
                continue;
            }
            packet.rescale_ts(tb, out_tb);
            let dts = packet.dts().or(packet.pts()).unwrap_or(0);
            // Shift this chunk so its first packet follows the last one of the chunk before.
            let shift = *offset.get_or_insert_with(|| next_dts.map_or(0, |n| n - dts));
            packet.set_dts(packet.dts().map(|d| d + shift));
            packet.set_pts(packet.pts().map(|p| p + shift));
            let duration = packet.duration().max(1);
            last_end = last_end.max(dts + shift + duration);
            packet.set_stream(0);
            packet.set_position(-1);
            packet.write_interleaved(&mut octx).map_err(|e| EncodeError(format!("cannot copy a frame of {}: {e}", path.display())))?;
            frames += 1;
        }
        next_dts = Some(last_end);
    }
    octx.write_trailer().map_err(err("cannot finish the MP4"))?;
    Ok(frames)
}
