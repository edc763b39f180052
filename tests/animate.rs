//! Integration tests of `frontline animate`: run the binary in a fresh temporary folder, decode
//! what it wrote (GIF with the `gif` crate, APNG with the `png` crate) and check frames, sizes
//! and holds.

mod common;

use std::path::Path;

use common::{assert_fails, assert_fails_writing_nothing, files_in, fixture, frontline, stderr};

/// (width, height, [(delay in 1/100 s, frame rectangle)]) of a GIF.
#[allow(clippy::type_complexity)]
fn gif_frames(path: &Path) -> (u16, u16, Vec<(u16, (u16, u16, u16, u16))>) {
    let file = std::fs::File::open(path).unwrap();
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(file).unwrap();
    let (width, height) = (decoder.width(), decoder.height());
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        frames.push((frame.delay, (frame.left, frame.top, frame.width, frame.height)));
    }
    (width, height, frames)
}

#[test]
fn a_gif_of_four_days_has_four_frames_with_longer_holds() {
    let dir = tempfile::tempdir().unwrap();
    let output = frontline(
        &["animate", "--from", "2020-11-07", "--to", "2020-11-10", "--width", "400", "--out", "war.gif", "-q"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(files_in(dir.path()), vec!["war.gif"], "no temporary file is left");
    let (width, height, frames) = gif_frames(&dir.path().join("war.gif"));
    assert_eq!((width, height), (400, 275), "height keeps the 1600x1100 aspect");
    let delays: Vec<u16> = frames.iter().map(|(delay, _)| *delay).collect();
    // First and last day 5 x 400 ms; 9 November (Shusha and 900 km2 change side) 3 x 400 ms.
    assert_eq!(delays, vec![200, 40, 120, 200]);
    assert_eq!(frames[0].1, (0, 0, 400, 275), "the first frame is the whole canvas");
}

#[test]
fn an_apng_has_one_frame_per_day_and_text_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let output = frontline(
        &["animate", "--data", data.to_str().unwrap(), "--format", "apng", "--width", "400", "--height", "300", "-q"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.path().join("output/frontline.apng");
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (400, 300));
    let control = info.animation_control.expect("an acTL chunk");
    assert_eq!((control.num_frames, control.num_plays), (5, 0), "five days of the fixture, looping");
    assert!(info.uncompressed_latin1_text.iter().any(|t| t.keyword == "Software" && t.text.starts_with("frontline")));
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let mut delays = Vec::new();
    while let Ok(frame) = reader.next_frame(&mut buffer) {
        let _ = frame;
        let control = reader.info().frame_control.unwrap();
        delays.push(control.delay_num as u32 * 1000 / control.delay_den.max(1) as u32);
    }
    assert_eq!(delays.len(), 5);
    assert_eq!((delays[0], delays[4]), (2000, 2000));
}

#[test]
fn the_default_gif_goes_to_output() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    let output =
        frontline(&["animate", "--data", data.to_str().unwrap(), "--width", "400", "--frame-ms", "100"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("wrote output/frontline.gif (5 frames"), "{}", stderr(&output));
    let (_, _, frames) = gif_frames(&dir.path().join("output/frontline.gif"));
    assert_eq!(frames.len(), 5);
    // 3 January only confirms a claim: nothing changes side, an ordinary 100 ms frame.
    assert_eq!(frames[2].0, 10);
}

#[test]
fn a_range_outside_the_span_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let needle = "--from 2020-12-20 is outside the dataset's span";
    assert_fails_writing_nothing(&["animate", "--from", "2020-12-20", "--out", "x.gif"], dir.path(), 2, &[needle]);
}

#[test]
fn a_frame_width_too_small_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_fails(&["animate", "--width", "100"], dir.path(), 2, &["--width"]);
}

#[test]
fn the_same_range_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture();
    for (format, name) in [("gif", "a.gif"), ("gif", "b.gif"), ("apng", "a.apng"), ("apng", "b.apng")] {
        let output = frontline(
            &["animate", "--data", data.to_str().unwrap(), "--format", format, "--width", "400", "--out", name, "-q"],
            dir.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(read("a.gif") == read("b.gif"), "two runs give different GIFs");
    assert!(read("a.apng") == read("b.apng"), "two runs give different APNGs");
}
