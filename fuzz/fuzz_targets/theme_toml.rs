//! Fuzz theme files (`--theme FILE.toml`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = frontline::scene::Theme::from_toml(text);
    }
});
