//! Fuzz events.csv: the input replaces the mini dataset's events.csv.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_with("events.csv", data);
});
